import { Alert, Stack } from '@mantine/core';
import { IconShieldExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { ProfileDetails } from './ProfileDetails';
import { SessionsCard } from './SessionsCard';
import { TwoFactorCard } from './TwoFactorCard';

export function ProfilePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  if (!me.data) return null;
  const { user } = me.data;
  const mustEnable2fa = params.get('require2fa') === '1' && !user.twoFactorEnabled;

  return (
    <>
      <PageHeader title={t('settings.profile.title')} subtitle={t('settings.profile.subtitle')} />
      <Stack gap="lg" maw={880}>
        {mustEnable2fa ? (
          <Alert color="orange" variant="light" icon={<IconShieldExclamation aria-hidden="true" />} role="alert">
            {t('settings.profile.require2faBanner')}
          </Alert>
        ) : null}
        <ProfileDetails user={user} />
        <TwoFactorCard enabled={user.twoFactorEnabled} />
        <SessionsCard />
      </Stack>
    </>
  );
}
