import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';
import i18next from 'i18next';

// A deep teal whose shade 7 keeps white text and links above WCAG AA (5:1) contrast.
const brand: MantineColorsTuple = [
  '#e6f6f5',
  '#c9ebe9',
  '#9dd9d5',
  '#6cc5bf',
  '#43b2ab',
  '#26a39b',
  '#14918a',
  '#0b7a74',
  '#086661',
  '#04504c',
];

export const theme = createTheme({
  colors: { brand },
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", "Noto Sans", Arial, sans-serif',
  headings: { fontWeight: '700' },
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    // Read on every render, so the close button of every modal and drawer is named in the current language.
    Modal: { defaultProps: () => ({ closeButtonProps: { 'aria-label': i18next.t('common.close') } }) },
    Drawer: { defaultProps: () => ({ closeButtonProps: { 'aria-label': i18next.t('common.close') } }) },
  },
});

// Mantine's default dimmed grey (gray.6, 3.3:1 on white) and error red (red.6, 3.5:1) fail WCAG AA
// for small text; gray.7 and red.9 pass.
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] },
  dark: {},
});
