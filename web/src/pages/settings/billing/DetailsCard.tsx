import { Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { billingApi, type BillingDetails } from './api';

function DetailsForm({ workspaceId, initial }: { workspaceId: string; initial: BillingDetails | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: { company: initial?.company ?? '', address: initial?.address ?? '', country: initial?.country ?? '', taxId: initial?.taxId ?? '', email: initial?.email ?? '' },
    validate: {
      company: (v) => (v.trim() ? null : t('common.validation.required')),
      address: (v) => (v.trim() ? null : t('common.validation.required')),
      country: (v) => (/^[A-Za-z]{2}$/.test(v.trim()) ? null : t('common.validation.required')),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('common.validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) => billingApi.saveDetails({ company: v.company.trim(), address: v.address.trim(), country: v.country.trim().toUpperCase(), taxId: v.taxId.trim() || null, email: v.email.trim() }),
    onSuccess: async (_d, v) => {
      form.resetDirty(v);
      notifications.show({ color: 'brand', message: t('billing.saved') });
      await qc.invalidateQueries({ queryKey: ['billing', workspaceId, 'details'] });
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      const known = Object.keys(fields).filter((k) => k in form.values);
      for (const k of known) form.setFieldError(k, fields[k]);
      if (known.length === 0) notifications.show({ color: 'red', message: errorMessage(t, error) });
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('billing.details.hint')}
        </Text>
        <TextInput label={t('billing.details.company')} required {...form.getInputProps('company')} />
        <Textarea label={t('billing.details.address')} required autosize minRows={2} {...form.getInputProps('address')} />
        <Group grow>
          <TextInput label={t('billing.details.country')} required maxLength={2} {...form.getInputProps('country')} />
          <TextInput label={t('billing.details.taxId')} {...form.getInputProps('taxId')} />
        </Group>
        <TextInput label={t('billing.details.email')} type="email" required {...form.getInputProps('email')} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function DetailsCard({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const details = useQuery({ queryKey: ['billing', workspaceId, 'details'], queryFn: billingApi.details });
  return (
    <Card>
      <Title order={2} fz="h3" mb="md">
        {t('billing.details.title')}
      </Title>
      {details.isPending ? <SectionLoader /> : details.isError ? <QueryError error={details.error} onRetry={() => void details.refetch()} /> : <DetailsForm workspaceId={workspaceId} initial={details.data.details} />}
    </Card>
  );
}
