import { Badge, Button, Card, Group, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiKeys, useInvitations, useMembers } from '../api/queries';
import type { User } from '../api/types';
import { useOptionalWorkspace } from '../lib/workspace';

interface Step {
  key: string;
  title: string;
  hint: string;
  done: boolean;
  to: string | null;
}

function useWorkspaceProgress() {
  const workspace = useOptionalWorkspace();
  // Members and viewers may not list invitations or keys; for them those steps simply stay open.
  const allowed = workspace?.canManage ?? false;
  const members = useMembers(allowed);
  const invitations = useInvitations(allowed);
  const apiKeys = useApiKeys(allowed);
  return {
    invited: (members.data?.data.length ?? 0) > 1 || (invitations.data?.data.length ?? 0) > 0,
    hasKey: (apiKeys.data?.data.length ?? 0) > 0,
  };
}

export function GettingStarted({ user }: { user: User }) {
  const { t } = useTranslation();
  const { invited, hasKey } = useWorkspaceProgress();
  const steps: Step[] = [
    {
      key: 'verify',
      title: t('app.dashboard.verifyEmail'),
      hint: t('app.dashboard.verifyEmailHint', { email: user.email }),
      done: user.emailVerified,
      to: null,
    },
    {
      key: 'invite',
      title: t('app.dashboard.inviteTeammate'),
      hint: t('app.dashboard.inviteTeammateHint'),
      done: invited,
      to: '/settings/members',
    },
    {
      key: 'apiKey',
      title: t('app.dashboard.createApiKey'),
      hint: t('app.dashboard.createApiKeyHint'),
      done: hasKey,
      to: '/settings/api-keys',
    },
    {
      key: '2fa',
      title: t('app.dashboard.enable2fa'),
      hint: t('app.dashboard.enable2faHint'),
      done: user.twoFactorEnabled,
      to: '/settings/profile',
    },
  ];
  const done = steps.filter((s) => s.done).length;

  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="lg">
          {t('app.dashboard.checklistTitle')}
        </Title>
        <Text fz="sm" c="dimmed">
          {t('app.dashboard.checklistProgress', { done, total: steps.length })}
        </Text>
      </Group>
      <Progress value={(done / steps.length) * 100} mb="lg" aria-hidden="true" />
      <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {steps.map((step) => (
          <Group key={step.key} component="li" wrap="nowrap" gap="sm" align="flex-start">
            <ThemeIcon
              radius="xl"
              size={28}
              variant={step.done ? 'filled' : 'light'}
              color={step.done ? 'brand' : 'gray'}
              aria-hidden="true"
            >
              {step.done ? <IconCheck size={16} /> : <IconCircleDashed size={16} />}
            </ThemeIcon>
            <div style={{ flex: 1 }}>
              <Text fw={600} fz="sm" c={step.done ? 'dimmed' : undefined}>
                {step.title}
              </Text>
              <Text fz="xs" c="dimmed">
                {step.hint}
              </Text>
            </div>
            {step.done ? (
              <Badge variant="light">{t('app.dashboard.done')}</Badge>
            ) : step.to ? (
              <Button
                component={Link}
                to={step.to}
                size="compact-sm"
                variant="light"
                aria-label={`${t('app.dashboard.start')}: ${step.title}`}
              >
                {t('app.dashboard.start')}
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
