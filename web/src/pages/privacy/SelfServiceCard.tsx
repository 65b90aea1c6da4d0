import { Alert, Button, Card, Divider, Group, Modal, PasswordInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../api/queries';
import { notify } from '../../components/crm/notify';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { selfServiceApi, type EmailPreferences } from './api';

function DeleteAccountModal({
  opened,
  onClose,
  onScheduled,
}: {
  opened: boolean;
  onClose: () => void;
  onScheduled: (scheduledAt: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (v) => (v ? null : t('common.validation.required')) },
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const schedule = useMutation({
    mutationFn: (password: string) => selfServiceApi.scheduleDeletion(password),
    onSuccess: async ({ scheduledAt }) => {
      onScheduled(scheduledAt);
      close();
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
    onError: (error) => form.setFieldError('password', errorMessage(t, error)),
  });
  return (
    <Modal opened={opened} onClose={close} title={t('privacy.self.deleteConfirmTitle')} centered>
      <form onSubmit={form.onSubmit(({ password }) => schedule.mutate(password))} noValidate>
        <Stack gap="md">
          <Text fz="sm">{t('privacy.self.deleteConfirmBody')}</Text>
          <PasswordInput
            label={t('auth.fields.password')}
            autoComplete="current-password"
            required
            data-autofocus
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={schedule.isPending}>
              {t('privacy.self.deleteConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EmailPreferencesSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['me', 'email-preferences'];
  const prefs = useQuery({ queryKey: key, queryFn: selfServiceApi.emailPreferences });
  const save = useMutation({
    mutationFn: selfServiceApi.saveEmailPreferences,
    onSuccess: (data) => {
      queryClient.setQueryData(key, data);
      notify({ message: t('privacy.self.preferencesSaved') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const values: EmailPreferences = save.isPending
    ? save.variables
    : (prefs.data ?? { productUpdates: false, promotions: false, securityAlerts: true });
  const toggle = (field: 'productUpdates' | 'promotions', checked: boolean) =>
    save.mutate({ ...values, [field]: checked, securityAlerts: true });

  return (
    <Stack gap="sm" component="section" aria-labelledby="email-preferences">
      <Title order={2} fz="md" id="email-preferences">
        {t('privacy.self.preferencesTitle')}
      </Title>
      {prefs.isError ? (
        <Alert color="red" role="alert">
          {errorMessage(t, prefs.error)}
        </Alert>
      ) : null}
      <Switch
        label={t('privacy.self.productUpdates')}
        description={t('privacy.self.productUpdatesHint')}
        checked={values.productUpdates}
        disabled={!prefs.data}
        onChange={(e) => toggle('productUpdates', e.currentTarget.checked)}
      />
      <Switch
        label={t('privacy.self.promotions')}
        description={t('privacy.self.promotionsHint')}
        checked={values.promotions}
        disabled={!prefs.data}
        onChange={(e) => toggle('promotions', e.currentTarget.checked)}
      />
      <Switch
        label={t('privacy.self.securityAlerts')}
        description={t('privacy.self.securityAlertsHint')}
        checked
        disabled
        readOnly
      />
    </Stack>
  );
}

/** Account settings → Privacy: the self-service rights of the signed-in user (platform scope). */
export function SelfServiceCard({ deletionScheduledAt }: { deletionScheduledAt: string | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  // The mutation's answer shows at once; /me catches up on its refetch. undefined: trust the prop.
  const [override, setOverride] = useState<string | null | undefined>(undefined);
  const scheduledAt = override === undefined ? deletionScheduledAt : override;
  const exportData = useMutation({
    mutationFn: selfServiceApi.exportMyData,
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const cancel = useMutation({
    mutationFn: selfServiceApi.cancelDeletion,
    onSuccess: async () => {
      setOverride(null);
      notify({ message: t('privacy.self.cancelled') });
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  return (
    <Card component="section" aria-label={t('privacy.self.title')}>
      <Stack gap="lg">
        <Stack gap="xs" component="section" aria-labelledby="privacy-export">
          <Title order={2} fz="md" id="privacy-export">
            {t('privacy.self.exportTitle')}
          </Title>
          <Text fz="sm">{t('privacy.self.exportBody')}</Text>
          {exportData.isSuccess ? (
            <Alert color="green" role="status">
              {t('privacy.self.exportSent')}
            </Alert>
          ) : (
            <Button
              variant="default"
              w="fit-content"
              leftSection={<IconDownload size={16} aria-hidden="true" />}
              loading={exportData.isPending}
              onClick={() => exportData.mutate()}
            >
              {t('privacy.self.exportButton')}
            </Button>
          )}
        </Stack>
        <Divider />
        <Stack gap="xs" component="section" aria-labelledby="privacy-delete">
          <Title order={2} fz="md" id="privacy-delete">
            {t('privacy.self.deleteTitle')}
          </Title>
          <Text fz="sm">{t('privacy.self.deleteBody')}</Text>
          {scheduledAt ? (
            <Alert color="red" role="status">
              <Group justify="space-between" gap="sm">
                <Text fz="sm" c="red.9" fw={500}>
                  {t('privacy.self.scheduled', { date: format.dateTime(scheduledAt) })}
                </Text>
                <Button
                  size="compact-sm"
                  variant="white"
                  color="red"
                  loading={cancel.isPending}
                  onClick={() => cancel.mutate()}
                >
                  {t('privacy.self.cancelDeletion')}
                </Button>
              </Group>
            </Alert>
          ) : (
            <Button
              color="red"
              variant="light"
              c="red.9"
              w="fit-content"
              leftSection={<IconTrash size={16} aria-hidden="true" />}
              onClick={() => setDeleting(true)}
            >
              {t('privacy.self.deleteButton')}
            </Button>
          )}
        </Stack>
        <Divider />
        <EmailPreferencesSection />
      </Stack>
      <DeleteAccountModal opened={deleting} onClose={() => setDeleting(false)} onScheduled={setOverride} />
    </Card>
  );
}
