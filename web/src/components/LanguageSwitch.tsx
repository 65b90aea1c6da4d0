import { Box, Button, Menu, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLocale, LANGUAGES } from '../i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const active = currentLocale();
  const activeName = t(`common.languageName.${active}`);

  return (
    <Menu position="bottom-end" shadow="md" width={200}>
      <Menu.Target>
        <Button variant="subtle" color="gray" c="dark.6" leftSection={<IconLanguage size={18} aria-hidden="true" />}>
          <VisuallyHidden>{t('common.language')}: </VisuallyHidden>
          <Box component="span" lang={active} visibleFrom="sm">
            {activeName}
          </Box>
          <Box component="span" hiddenFrom="sm">
            {active.toUpperCase()}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('common.language')}</Menu.Label>
        {LANGUAGES.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            onClick={() => void changeLanguage(locale)}
            rightSection={locale === active ? <IconCheck size={16} aria-hidden="true" /> : null}
            aria-current={locale === active ? 'true' : undefined}
          >
            {t(`common.languageName.${locale}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
