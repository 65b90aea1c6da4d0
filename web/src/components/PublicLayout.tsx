import { Anchor, Box, Container, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconLock, IconServer, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';
import { SkipLink } from './SkipLink';

function BrandPanel() {
  const { t } = useTranslation();
  const points = [
    { icon: IconUsersGroup, text: t('auth.brand.point1') },
    { icon: IconLock, text: t('auth.brand.point2') },
    { icon: IconServer, text: t('auth.brand.point3') },
  ];
  return (
    <Box
      component="aside"
      className="brand-panel"
      p={40}
      visibleFrom="md"
      w={420}
      mih={520}
      style={{ flexShrink: 0, display: 'flex' }}
    >
      <Stack gap="xl" justify="space-between" style={{ flex: 1 }}>
        <Stack gap="xl">
          <Text fz={30} fw={800} lh={1.2}>
            {t('auth.brand.heading')}
          </Text>
          <List spacing="lg" center>
            {points.map(({ icon: Icon, text }) => (
              <List.Item
                key={text}
                icon={
                  <ThemeIcon color="white" c="brand.8" radius="xl" size={34}>
                    <Icon size={18} aria-hidden="true" />
                  </ThemeIcon>
                }
              >
                <Text c="white" fz="md">
                  {text}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
        <Text c="brand.1" fz="sm">
          {t('auth.brand.compliance')}
        </Text>
      </Stack>
    </Box>
  );
}

export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <div className="public-shell">
      <SkipLink />
      <Box component="header" py="md">
        <Container size="lg">
          <Group justify="space-between">
            <Logo to="/login" />
            <LanguageSwitch />
          </Group>
        </Container>
      </Box>
      <Container size="lg" w="100%" py="lg" style={{ flex: 1, display: 'flex', alignItems: 'center' }}>
        <Group align="center" justify="center" gap={48} wrap="nowrap" w="100%">
          <BrandPanel />
          <Box component="main" id="main" tabIndex={-1} w="100%" maw={500} style={{ outline: 'none' }}>
            <Outlet />
          </Box>
        </Group>
      </Container>
      <Box component="footer" py="lg">
        <Container size="lg">
          <Group justify="space-between" gap="sm">
            <Text fz="sm" c="dimmed">
              {t('common.footer', { year: new Date().getFullYear() })}
            </Text>
            <Group gap="lg">
              <Anchor href="/privacy" fz="sm">
                {t('common.privacyPolicy')}
              </Anchor>
              <Anchor href="/cookies" fz="sm">
                {t('common.cookies')}
              </Anchor>
              <Anchor href="/subprocessors" fz="sm">
                {t('common.subprocessors')}
              </Anchor>
              {/* The consent snippet re-opens its banner on this link; without it, the link leads to the policy. */}
              <Anchor href="/cookies" fz="sm" data-kodepos-consent-open>
                {t('common.cookieSettings')}
              </Anchor>
            </Group>
          </Group>
        </Container>
      </Box>
    </div>
  );
}

/** The white card every public page sits in. */
export function AuthCard({ children }: { children: ReactNode }) {
  return (
    <Box
      bg="white"
      p={{ base: 'lg', sm: 36 }}
      style={{ borderRadius: 'var(--mantine-radius-xl)' }}
      bd="1px solid gray.2"
    >
      {children}
    </Box>
  );
}
