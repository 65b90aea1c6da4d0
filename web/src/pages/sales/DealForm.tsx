import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { CustomFieldInput } from '../../components/crm/CustomFieldInput';
import { applyApiErrors, cleanCustom } from '../../components/crm/formErrors';
import { RecordSelect } from '../../components/crm/RecordSelect';
import { errorMessage } from '../../lib/errors';
import { useCustomFields, useMemberDirectory, usePipelines } from '../crm/api/queries';
import { CURRENCIES, type Deal } from '../crm/api/types';

export type DealInput = Partial<
  Omit<Deal, 'id' | 'stageName' | 'probability' | 'status' | 'closedAt' | 'createdAt' | 'updatedAt'>
>;

interface Values {
  name: string;
  amount: number | string;
  currency: string;
  pipelineId: string;
  stageId: string;
  expectedCloseDate: string;
  ownerId: string | null;
  companyId: string | null;
  contactId: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
}

interface Props {
  deal?: Deal;
  defaults?: { pipelineId?: string; stageId?: string; ownerId?: string | null };
  submitLabel: string;
  onSubmit: (input: DealInput) => Promise<unknown>;
  onCancel: () => void;
}

export function DealForm({ deal, defaults, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const customFields = useCustomFields('deal');
  const { options: members } = useMemberDirectory();
  const firstPipeline = pipelines.data?.data[0];
  const form = useForm<Values>({
    initialValues: {
      name: deal?.name ?? '',
      amount: deal?.amount ?? '',
      currency: deal?.currency ?? 'IDR',
      pipelineId: deal?.pipelineId ?? defaults?.pipelineId ?? firstPipeline?.id ?? '',
      stageId: deal?.stageId ?? defaults?.stageId ?? firstPipeline?.stages[0]?.id ?? '',
      expectedCloseDate: deal?.expectedCloseDate?.slice(0, 10) ?? '',
      ownerId: deal?.ownerId ?? defaults?.ownerId ?? null,
      companyId: deal?.companyId ?? null,
      contactId: deal?.contactIds[0] ?? null,
      tags: deal?.tags ?? [],
      customFields: { ...(deal?.customFields ?? {}) },
    },
    validate: {
      name: (v) => (v.trim() ? null : t('common.validation.required')),
      amount: (v) => (typeof v === 'number' && v >= 0 ? null : t('sales.validation.amount')),
      stageId: (v) => (v ? null : t('common.validation.required')),
    },
  });
  const pipeline = pipelines.data?.data.find((p) => p.id === form.values.pipelineId);
  const submit = form.onSubmit(async (values) => {
    const rest = deal?.contactIds.slice(1) ?? [];
    const input: DealInput = {
      name: values.name.trim(),
      amount: typeof values.amount === 'number' ? values.amount : 0,
      currency: values.currency,
      pipelineId: values.pipelineId,
      stageId: values.stageId,
      expectedCloseDate: values.expectedCloseDate || null,
      ownerId: values.ownerId,
      companyId: values.companyId,
      contactIds: values.contactId ? [values.contactId, ...rest.filter((id) => id !== values.contactId)] : rest,
      tags: values.tags,
      customFields: cleanCustom(values.customFields, deal?.customFields),
    };
    try {
      await onSubmit(input);
    } catch (error) {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    }
  });
  const idr = form.values.currency === 'IDR';

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {form.errors._form ? (
          <Alert color="red" role="alert">
            {form.errors._form}
          </Alert>
        ) : null}
        <TextInput label={t('sales.fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('sales.fields.amount')}
            required
            min={0}
            thousandSeparator={idr ? '.' : ','}
            decimalSeparator={idr ? ',' : '.'}
            decimalScale={idr ? 0 : 2}
            prefix={idr ? 'Rp ' : '$'}
            {...form.getInputProps('amount')}
          />
          <Select
            label={t('sales.fields.currency')}
            data={[...CURRENCIES]}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          <Select
            label={t('sales.fields.pipeline')}
            data={(pipelines.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            {...form.getInputProps('pipelineId')}
            onChange={(v) => {
              const next = pipelines.data?.data.find((p) => p.id === v);
              form.setFieldValue('pipelineId', v ?? '');
              form.setFieldValue('stageId', next?.stages[0]?.id ?? '');
            }}
          />
          <Select
            label={t('sales.fields.stage')}
            required
            data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.probability}%)` }))}
            allowDeselect={false}
            {...form.getInputProps('stageId')}
          />
          <TextInput
            type="date"
            label={t('sales.fields.expectedCloseDate')}
            {...form.getInputProps('expectedCloseDate')}
          />
          <Select
            label={t('sales.fields.owner')}
            data={members}
            clearable
            searchable
            {...form.getInputProps('ownerId')}
          />
          <RecordSelect
            object="company"
            label={t('sales.fields.company')}
            value={form.values.companyId}
            onChange={(v) => form.setFieldValue('companyId', v)}
            error={form.errors.companyId as string | undefined}
          />
          <RecordSelect
            object="contact"
            label={t('sales.fields.contact')}
            value={form.values.contactId}
            onChange={(v) => form.setFieldValue('contactId', v)}
          />
          <TagsInput label={t('sales.fields.tags')} {...form.getInputProps('tags')} />
          {(customFields.data?.data ?? []).map((field) => (
            <CustomFieldInput
              key={field.id}
              field={field}
              value={form.values.customFields[field.key]}
              onChange={(v) => form.setFieldValue(`customFields.${field.key}`, v)}
              error={form.errors[`customFields.${field.key}`] as string | undefined}
            />
          ))}
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
