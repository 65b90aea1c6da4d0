import { Alert, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors, orNull } from '../../../components/crm/formErrors';
import { errorMessage } from '../../../lib/errors';
import { webhooksApi } from '../api/endpoints';
import { useCrmKey } from '../api/queries';
import { WEBHOOK_EVENTS, type Webhook } from '../api/jobTypes';

interface Values {
  url: string;
  events: string[];
  description: string;
  active: boolean;
}

export function WebhookModal({ hook, onClose }: { hook: Webhook | null; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      url: hook?.url ?? '',
      events: hook?.events ?? ['*'],
      description: hook?.description ?? '',
      active: hook?.active ?? true,
    },
    validate: {
      url: (v) => (/^https?:\/\/.+/.test(v.trim()) ? null : t('crmSettings.webhooks.urlRule')),
      events: (v) => (v.length > 0 ? null : t('common.validation.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    const input = {
      url: values.url.trim(),
      events: values.events,
      description: orNull(values.description),
      active: values.active,
    };
    try {
      if (hook) {
        await webhooksApi.update(hook.id, input);
        await queryClient.invalidateQueries({ queryKey: key('webhooks') });
        onClose();
      } else {
        const created = await webhooksApi.create(input);
        await queryClient.invalidateQueries({ queryKey: key('webhooks') });
        setSecret(created.secret ?? null);
        if (!created.secret) onClose();
      }
    } catch (error) {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    }
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={hook ? t('crmSettings.webhooks.edit') : t('crmSettings.webhooks.add')}
      size="lg"
      centered
    >
      {secret ? (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden="true" />}>
            {t('crmSettings.webhooks.secretOnce')}
          </Alert>
          <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {form.errors._form ? (
              <Alert color="red" role="alert">
                {form.errors._form}
              </Alert>
            ) : null}
            <TextInput
              label={t('crmSettings.webhooks.url')}
              placeholder="https://example.com/hooks/kodepos"
              required
              data-autofocus
              {...form.getInputProps('url')}
            />
            <MultiSelect
              label={t('crmSettings.webhooks.events')}
              data={WEBHOOK_EVENTS.map((e) => ({
                value: e,
                label: e === '*' ? t('crmSettings.webhooks.allEvents') : e,
              }))}
              required
              {...form.getInputProps('events')}
            />
            <TextInput label={t('crmSettings.webhooks.description')} {...form.getInputProps('description')} />
            <Switch label={t('crmSettings.webhooks.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {hook ? t('common.save') : t('crmSettings.webhooks.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
