import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { CustomFieldInput } from '../../../components/crm/CustomFieldInput';
import { applyApiErrors, cleanCustom, orNull } from '../../../components/crm/formErrors';
import { RecordSelect } from '../../../components/crm/RecordSelect';
import { errorMessage } from '../../../lib/errors';
import { useCustomFields, useMemberDirectory } from '../api/queries';
import { LIFECYCLE_STAGES, type Address, type Contact } from '../api/types';

export type ContactInput = Partial<
  Omit<Contact, 'id' | 'name' | 'restricted' | 'createdAt' | 'updatedAt' | 'address'>
> & {
  address?: Partial<Address>;
};

interface Values {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title: string;
  companyId: string | null;
  lifecycleStage: string;
  ownerId: string | null;
  tags: string[];
  city: string;
  country: string;
  source: string;
  customFields: Record<string, unknown>;
}

function initialValues(contact?: Contact): Values {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    title: contact?.title ?? '',
    companyId: contact?.companyId ?? null,
    lifecycleStage: contact?.lifecycleStage ?? 'lead',
    ownerId: contact?.ownerId ?? null,
    tags: contact?.tags ?? [],
    city: contact?.address.city ?? '',
    country: contact?.address.country ?? '',
    source: contact?.source ?? '',
    customFields: { ...(contact?.customFields ?? {}) },
  };
}

interface Props {
  contact?: Contact;
  submitLabel: string;
  onSubmit: (input: ContactInput) => Promise<unknown>;
  onCancel: () => void;
}

/** Create and edit share one form; API validation messages land on the fields they name. */
export function ContactForm({ contact, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const customFields = useCustomFields('contact');
  const { options: members } = useMemberDirectory();
  const form = useForm<Values>({
    initialValues: initialValues(contact),
    validate: {
      email: (v) => (!v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('common.validation.email')),
      country: (v) => (!v.trim() || /^[A-Za-z]{2}$/.test(v.trim()) ? null : t('crm.validation.country')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    const input: ContactInput = {
      firstName: orNull(values.firstName),
      lastName: orNull(values.lastName),
      email: orNull(values.email),
      phone: orNull(values.phone),
      title: orNull(values.title),
      companyId: values.companyId,
      lifecycleStage: values.lifecycleStage,
      ownerId: values.ownerId,
      tags: values.tags,
      source: orNull(values.source),
      address: { city: orNull(values.city), country: orNull(values.country)?.toUpperCase() ?? null },
      customFields: cleanCustom(values.customFields, contact?.customFields),
    };
    try {
      await onSubmit(input);
    } catch (error) {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    }
  });
  const formError = form.errors._form;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('crm.fields.firstName')} data-autofocus {...form.getInputProps('firstName')} />
          <TextInput label={t('crm.fields.lastName')} {...form.getInputProps('lastName')} />
          <TextInput label={t('crm.fields.email')} type="email" {...form.getInputProps('email')} />
          <TextInput label={t('crm.fields.phone')} type="tel" {...form.getInputProps('phone')} />
          <TextInput label={t('crm.fields.title')} {...form.getInputProps('title')} />
          <RecordSelect
            object="company"
            label={t('crm.fields.company')}
            value={form.values.companyId}
            onChange={(v) => form.setFieldValue('companyId', v)}
            error={form.errors.companyId as string | undefined}
          />
          <Select
            label={t('crm.fields.lifecycleStage')}
            data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`crm.lifecycle.${s}`) }))}
            allowDeselect={false}
            {...form.getInputProps('lifecycleStage')}
          />
          <Select
            label={t('crm.fields.ownerId')}
            data={members}
            clearable
            searchable
            {...form.getInputProps('ownerId')}
          />
          <TextInput label={t('crm.fields.city')} {...form.getInputProps('city')} />
          <TextInput
            label={t('crm.fields.country')}
            maxLength={2}
            placeholder="ID"
            {...form.getInputProps('country')}
          />
          <TextInput label={t('crm.fields.source')} {...form.getInputProps('source')} />
          <TagsInput label={t('crm.fields.tags')} {...form.getInputProps('tags')} />
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
