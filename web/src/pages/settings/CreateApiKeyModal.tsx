import { Alert, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workspace as workspaceApi } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../api/types';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { useCurrentWorkspace } from '../../lib/workspace';

interface Values {
  name: string;
  scopes: ApiKeyScope[];
  expiresAt: string;
}

/** The end of the chosen day in UTC, so a key "expiring on the 31st" still works on the 31st. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999Z`).toISOString();
}

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { id } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const today = new Date().toISOString().slice(0, 10);
  const form = useForm<Values>({
    initialValues: { name: '', scopes: ['read'], expiresAt: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('common.validation.required')),
      scopes: (v) => (v.length > 0 ? null : t('common.validation.required')),
      expiresAt: (v) => (!v || v > today ? null : t('common.validation.futureDate')),
    },
  });
  const create = useMutation({
    mutationFn: (values: Values) =>
      workspaceApi.createApiKey({
        name: values.name.trim(),
        scopes: values.scopes,
        ...(values.expiresAt ? { expiresAt: endOfDay(values.expiresAt) } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.scoped(id, 'apiKeys') }),
    onError: (error) => {
      const fields = fieldErrors(error);
      for (const field of ['name', 'scopes', 'expiresAt'] as const) {
        const message = fields[field];
        if (message) form.setFieldError(field, message);
      }
    },
  });
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const scopeOptions = API_KEY_SCOPES.map((s) => ({ value: s, label: t(`settings.apiKeys.scope.${s}`) }));
  const inlineErrors = Object.keys(fieldErrors(create.error)).length > 0;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={create.data ? t('settings.apiKeys.createdTitle') : t('settings.apiKeys.create')}
      centered
      size="lg"
    >
      {create.data ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden="true" />}>
            {t('settings.apiKeys.createdBody')}
          </Alert>
          <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="new-api-key">
            {create.data.key}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={create.data.key}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  onClick={copy}
                  leftSection={
                    copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />
                  }
                >
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
          <Stack gap="md">
            {create.isError && !inlineErrors ? (
              <Alert color="red" role="alert">
                {errorMessage(t, create.error)}
              </Alert>
            ) : null}
            <TextInput
              label={t('settings.apiKeys.name')}
              placeholder={t('settings.apiKeys.namePlaceholder')}
              required
              data-autofocus
              {...form.getInputProps('name')}
            />
            <MultiSelect
              label={t('settings.apiKeys.scopes')}
              description={t('settings.apiKeys.scopesHint')}
              data={scopeOptions}
              required
              {...form.getInputProps('scopes')}
            />
            <TextInput
              label={`${t('settings.apiKeys.expiryDate')} (${t('common.optional')})`}
              description={t('settings.apiKeys.expiryHint')}
              type="date"
              min={today}
              {...form.getInputProps('expiresAt')}
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('settings.apiKeys.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
