import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { SelfServiceCard } from './SelfServiceCard';

/** /me names the pending account deletion; read defensively from the user or the top level. */
function deletionScheduledAt(me: object): string | null {
  const value: unknown = 'deletionScheduledAt' in me ? me.deletionScheduledAt : undefined;
  const user: unknown = 'user' in me ? me.user : undefined;
  const nested: unknown =
    typeof user === 'object' && user !== null && 'deletionScheduledAt' in user ? user.deletionScheduledAt : undefined;
  const found = value ?? nested;
  return typeof found === 'string' ? found : null;
}

/** Settings → Privacy; the account-deletion email links here to cancel during the grace period. */
export function PrivacySettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null;
  return (
    <>
      <PageHeader title={t('privacy.self.title')} subtitle={t('privacy.self.description')} />
      <Stack gap="lg" maw={880}>
        {'user' in me.data && typeof me.data.user === 'object' && me.data.user !== null && 'restricted' in me.data.user && me.data.user.restricted === true ? (
          <Alert color="orange" title={t('privacy.self.restrictedTitle')} data-testid="account-restricted">
            {t('privacy.self.restrictedBody')}
          </Alert>
        ) : null}
        <SelfServiceCard deletionScheduledAt={deletionScheduledAt(me.data)} />
      </Stack>
    </>
  );
}
