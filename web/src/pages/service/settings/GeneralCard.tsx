import { Button, Card, Code, CopyButton, Group, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { serviceApi, useServiceKey, type ServiceSettings } from '../api';
import { useServiceSettings } from '../hooks';

function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput label={label} value={value} readOnly style={{ flex: 1 }} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="default" onClick={copy} aria-label={`${t('service.settings.copy')}: ${label}`}>
            {copied ? t('service.settings.copied') : t('service.settings.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

export function GeneralCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const { id: workspaceId, canManage } = useCurrentWorkspace();
  const settings = useServiceSettings();
  const [confirm, setConfirm] = useState(false);
  const onError = (error: unknown) => notify({ color: 'red', message: errorMessage(t, error) });
  const onSaved = (saved: ServiceSettings) => {
    client.setQueryData(key('settings'), saved);
    notify({ color: 'brand', message: t('service.settings.saved') });
  };
  const save = useMutation({ mutationFn: serviceApi.updateSettings, onSuccess: onSaved, onError });
  const rotate = useMutation({
    mutationFn: serviceApi.rotateToken,
    onSuccess: (saved) => {
      setConfirm(false);
      onSaved(saved);
    },
    onError,
  });
  if (settings.isPending) return <SectionLoader />;
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const origin = window.location.origin;
  const portalUrl = s.portalUrl ?? `${origin}/support/${workspaceId}`;
  const helpUrl = s.helpUrl ?? `${origin}/help/${workspaceId}`;
  return (
    <Stack gap="lg">
      <Card withBorder>
        <Stack gap="md">
          <Title order={2} fz="md">
            {t('service.settings.behaviour')}
          </Title>
          <Select
            label={t('service.settings.autoAssign')}
            description={t('service.settings.autoAssignHelp')}
            data={[
              { value: 'none', label: t('service.settings.assign.none') },
              { value: 'round_robin', label: t('service.settings.assign.round_robin') },
            ]}
            value={s.autoAssign}
            onChange={(v) => v && save.mutate({ autoAssign: v === 'round_robin' ? 'round_robin' : 'none' })}
            allowDeselect={false}
            disabled={!canManage}
            maw={360}
          />
          <Select
            label={t('service.settings.defaultLocale')}
            data={[
              { value: 'en', label: 'English' },
              { value: 'id', label: 'Bahasa Indonesia' },
            ]}
            value={s.defaultLocale}
            onChange={(v) => v && save.mutate({ defaultLocale: v === 'id' ? 'id' : 'en' })}
            allowDeselect={false}
            disabled={!canManage}
            maw={360}
          />
          <Switch
            label={t('service.settings.csat')}
            description={t('service.settings.csatHelp')}
            checked={s.csatEnabled}
            onChange={(e) => save.mutate({ csatEnabled: e.currentTarget.checked })}
            disabled={!canManage}
          />
          <Switch
            label={t('service.settings.portal')}
            description={t('service.settings.portalHelp')}
            checked={s.portalEnabled}
            onChange={(e) => save.mutate({ portalEnabled: e.currentTarget.checked })}
            disabled={!canManage}
          />
        </Stack>
      </Card>
      <Card withBorder>
        <Stack gap="md">
          <Title order={2} fz="md">
            {t('service.settings.channels')}
          </Title>
          <CopyField label={t('service.settings.portalUrl')} value={portalUrl} />
          <CopyField label={t('service.settings.helpUrl')} value={helpUrl} />
          {s.inboundAddress && <CopyField label={t('service.settings.inboundAddress')} value={s.inboundAddress} />}
          <Text fz="sm">{t('service.settings.inboundHelp')}</Text>
          <Text fz="sm">
            {t('service.settings.endpoint')} <Code>POST {origin}/public/v1/service/inbound</Code>
          </Text>
          <CopyField label={t('service.settings.inboundToken')} value={s.inboundToken} />
          {canManage && (
            <Group>
              <Button variant="default" color="red" onClick={() => setConfirm(true)}>
                {t('service.settings.rotate')}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
      <ConfirmModal
        opened={confirm}
        title={t('service.settings.rotateTitle')}
        body={t('service.settings.rotateBody')}
        confirmLabel={t('service.settings.rotate')}
        loading={rotate.isPending}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirm(false)}
      />
    </Stack>
  );
}
