import { Button, Group, Modal, NumberInput, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { FIELDS, integrationsApi, type Provider } from './api';

export function ConnectModal({ provider, onClose }: { provider: Provider | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, string | number>>({});
  const connect = useMutation({
    mutationFn: () =>
      integrationsApi.connect({
        provider: provider ?? '',
        ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
      }),
    onSuccess: async () => {
      notifications.show({ message: t('integrations.connected') });
      setValues({});
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['integrations'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });
  const set = (name: string, v: string | number) => setValues((prev) => ({ ...prev, [name]: v }));
  return (
    <Modal
      opened={provider !== null}
      onClose={onClose}
      title={provider ? t('integrations.connectTitle', { name: t(`integrations.provider.${provider}`) }) : ''}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          connect.mutate();
        }}
      >
        <Stack>
          {(provider ? [...FIELDS[provider], { name: 'baseUrl' as const, optional: true }] : []).map((f) => {
            const label = t(`integrations.field.${f.name}`);
            if (f.secret)
              return (
                <PasswordInput
                  key={f.name}
                  label={label}
                  required
                  autoComplete="off"
                  value={String(values[f.name] ?? '')}
                  onChange={(e) => set(f.name, e.currentTarget.value)}
                />
              );
            if (f.numeric)
              return (
                <NumberInput
                  key={f.name}
                  label={label}
                  required
                  min={1}
                  value={values[f.name] ?? ''}
                  onChange={(v) => set(f.name, Number(v))}
                />
              );
            return (
              <TextInput
                key={f.name}
                label={label}
                required={!f.optional}
                value={String(values[f.name] ?? '')}
                onChange={(e) => set(f.name, e.currentTarget.value)}
              />
            );
          })}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={connect.isPending}>
              {t('integrations.testAndConnect')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
