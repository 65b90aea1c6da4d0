import { Alert, Button, Group, Modal, Select, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../components/crm/formErrors';
import { errorMessage } from '../../../lib/errors';
import { crmApi } from '../api/endpoints';
import { useCrmKey } from '../api/queries';
import { FIELD_TYPES, type CrmObject, type CustomField, type FieldType } from '../api/types';

interface Values {
  label: string;
  key: string;
  type: FieldType;
  options: string[];
  required: boolean;
}

/** "Contract value (IDR)" → "contract_value_idr": the key the API and imports use. */
export function slugKey(label: string): string {
  const slug = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '');
  return slug.slice(0, 63);
}

interface Props {
  object: CrmObject;
  field: CustomField | null;
  opened: boolean;
  onClose: () => void;
}

export function CustomFieldModal({ object, field, opened, onClose }: Props) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const editing = field !== null;
  const form = useForm<Values>({
    initialValues: {
      label: field?.label ?? '',
      key: field?.key ?? '',
      type: field?.type ?? 'text',
      options: field?.options ?? [],
      required: field?.required ?? false,
    },
    validate: {
      label: (v) => (v.trim() ? null : t('common.validation.required')),
      key: (v) => (editing || /^[a-z][a-z0-9_]{0,62}$/.test(v) ? null : t('crmSettings.customFields.keyRule')),
      options: (v, values) =>
        (values.type === 'select' || values.type === 'multi_select') && v.length === 0
          ? t('crmSettings.customFields.optionsRequired')
          : null,
    },
  });
  const withOptions = form.values.type === 'select' || form.values.type === 'multi_select';
  const submit = form.onSubmit(async (values) => {
    const options = withOptions ? values.options : [];
    try {
      if (field) {
        await crmApi.updateCustomField(field.id, { label: values.label.trim(), options, required: values.required });
      } else {
        await crmApi.createCustomField({
          object,
          key: values.key,
          label: values.label.trim(),
          type: values.type,
          options,
          required: values.required,
        });
      }
      await queryClient.invalidateQueries({ queryKey: key('customFields', object) });
      onClose();
    } catch (error) {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('crmSettings.customFields.edit') : t('crmSettings.customFields.add')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {form.errors._form ? (
            <Alert color="red" role="alert">
              {form.errors._form}
            </Alert>
          ) : null}
          <TextInput
            label={t('crmSettings.customFields.label')}
            required
            data-autofocus
            {...form.getInputProps('label')}
            onChange={(e) => {
              const label = e.currentTarget.value;
              if (!editing && form.values.key === slugKey(form.values.label)) form.setFieldValue('key', slugKey(label));
              form.setFieldValue('label', label);
            }}
          />
          <TextInput
            label={t('crmSettings.customFields.key')}
            description={t('crmSettings.customFields.keyHint')}
            required
            disabled={editing}
            ff="monospace"
            {...form.getInputProps('key')}
          />
          <Select
            label={t('crmSettings.customFields.type')}
            data={FIELD_TYPES.map((type) => ({ value: type, label: t(`crmSettings.customFields.types.${type}`) }))}
            allowDeselect={false}
            disabled={editing}
            description={editing ? t('crmSettings.customFields.typeLocked') : undefined}
            {...form.getInputProps('type')}
          />
          {withOptions ? (
            <TagsInput
              label={t('crmSettings.customFields.options')}
              description={t('crmSettings.customFields.optionsHint')}
              required
              {...form.getInputProps('options')}
            />
          ) : null}
          <Switch
            label={t('crmSettings.customFields.required')}
            {...form.getInputProps('required', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {editing ? t('common.save') : t('crmSettings.customFields.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
