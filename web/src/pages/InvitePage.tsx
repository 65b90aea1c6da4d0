import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconUsersPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { account, workspace } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { AuthCard } from '../components/PublicLayout';
import { useLogout } from '../components/UserMenu';
import { errorMessage } from '../lib/errors';
import { rememberWorkspace } from '../lib/workspace';
import { ResultCard } from './ResultCard';

export function InvitePage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.invite.title')} · Kodepos`);
  const [params] = useSearchParams();
  const token = params.get('token');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const here = `/invite?token=${encodeURIComponent(token ?? '')}`;
  const logout = useLogout(`/login?next=${encodeURIComponent(here)}`);
  // Quietly learn whether someone is signed in: a 401 here just means "show the guest choices".
  const me = useQuery({ queryKey: queryKeys.me, queryFn: () => account.me(false), retry: false });
  const accept = useMutation({
    mutationFn: () => workspace.acceptInvitation(token ?? ''),
    onSuccess: async ({ workspace: joined }) => {
      rememberWorkspace(joined.id);
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notifications.show({ color: 'brand', message: t('auth.invite.accepted', { name: joined.name }) });
      void navigate('/', { replace: true });
    },
  });

  if (!token) {
    return <ResultCard tone="error" title={t('auth.invite.title')} body={t('auth.invite.missingToken')} />;
  }

  return (
    <AuthCard>
      <Stack gap="lg">
        <Group gap="sm" wrap="nowrap">
          <IconUsersPlus size={32} color="var(--mantine-color-brand-7)" aria-hidden="true" />
          <Title order={1} fz={26}>
            {t('auth.invite.title')}
          </Title>
        </Group>
        {accept.isError ? (
          <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
            {errorMessage(t, accept.error)}
          </Alert>
        ) : null}
        {me.isPending ? (
          <Loader aria-label={t('common.loading')} />
        ) : me.data ? (
          <>
            <Text>
              {t('auth.invite.signedInAs', { email: me.data.user.email })} {t('auth.invite.acceptBody')}
            </Text>
            <Button size="md" loading={accept.isPending} onClick={() => accept.mutate()}>
              {t('auth.invite.accept')}
            </Button>
            <Text fz="sm" c="dimmed">
              <Trans
                i18nKey="auth.invite.notYou"
                components={{
                  logoutButton: <Anchor component="button" type="button" fz="sm" onClick={() => logout.mutate()} />,
                }}
              />
            </Text>
          </>
        ) : (
          <>
            <Text>{t('auth.invite.guestBody')}</Text>
            <Button component={Link} to={`/signup?invitationToken=${encodeURIComponent(token)}`} size="md">
              {t('auth.invite.signup')}
            </Button>
            <Button component={Link} to={`/login?next=${encodeURIComponent(here)}`} variant="default" size="md">
              {t('auth.invite.login')}
            </Button>
          </>
        )}
      </Stack>
    </AuthCard>
  );
}
