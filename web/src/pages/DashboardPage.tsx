import { Card, Grid, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldCheck, IconSparkles } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { PageHeader } from '../components/PageHeader';
import { NoWorkspace } from '../components/RequireWorkspace';
import { useOptionalWorkspace } from '../lib/workspace';
import { GettingStarted } from './GettingStarted';
import { SalesOverviewSection } from './sales/SalesOverviewSection';

export function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const workspace = useOptionalWorkspace();
  if (!me.data) return null;
  const { user } = me.data;

  return (
    <>
      <PageHeader title={t('app.dashboard.title')} />
      {workspace ? null : <NoWorkspace />}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Card>
              <Group wrap="nowrap" align="flex-start" gap="md">
                <ThemeIcon size={48} radius="xl" variant="light">
                  <IconSparkles aria-hidden="true" />
                </ThemeIcon>
                <div>
                  <Title order={2} fz="xl">
                    {t('app.dashboard.welcome', { name: user.name.split(' ')[0] ?? user.name })}
                  </Title>
                  {workspace ? (
                    <Text c="dimmed" mt={4}>
                      {t('app.dashboard.welcomeBody', { workspace: workspace.name })}
                    </Text>
                  ) : null}
                </div>
              </Group>
            </Card>
            <Card>
              <Group wrap="nowrap" align="flex-start" gap="md">
                <ThemeIcon size={48} radius="xl" variant="light" color="indigo">
                  <IconShieldCheck aria-hidden="true" />
                </ThemeIcon>
                <div>
                  <Title order={2} fz="lg">
                    {t('app.dashboard.privacyTitle')}
                  </Title>
                  <Text c="dimmed" mt={4}>
                    {t('app.dashboard.privacyBody')}
                  </Text>
                </div>
              </Group>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <GettingStarted user={user} />
        </Grid.Col>
      </Grid>
      {workspace ? <SalesOverviewSection /> : null}
    </>
  );
}
