import { Card, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useOptionalWorkspace } from '../lib/workspace';
import { PageHeader } from './PageHeader';

export function NoWorkspace() {
  const { t } = useTranslation();
  return (
    <Card>
      <Stack align="center" gap="sm" py="xl" ta="center">
        <ThemeIcon size={48} radius="xl" variant="light">
          <IconBuildingSkyscraper aria-hidden="true" />
        </ThemeIcon>
        <Title order={2} fz="lg">
          {t('app.noWorkspace.title')}
        </Title>
        <Text c="dimmed" maw={420}>
          {t('app.noWorkspace.body')}
        </Text>
      </Stack>
    </Card>
  );
}

/** Workspace settings pages need a workspace; a user without one sees why instead of an error. */
export function RequireWorkspace() {
  const { t } = useTranslation();
  const workspace = useOptionalWorkspace();
  if (workspace) return <Outlet />;
  return (
    <>
      <PageHeader title={t('app.nav.settings')} />
      <NoWorkspace />
    </>
  );
}
