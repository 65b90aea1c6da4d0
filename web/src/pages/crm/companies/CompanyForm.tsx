import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { CustomFieldInput } from '../../../components/crm/CustomFieldInput';
import { applyApiErrors, cleanCustom, orNull } from '../../../components/crm/formErrors';
import { errorMessage } from '../../../lib/errors';
import { useCustomFields, useMemberDirectory } from '../api/queries';
import { COMPANY_SIZES, type Address, type Company } from '../api/types';

export type CompanyInput = Partial<Omit<Company, 'id' | 'contactCount' | 'createdAt' | 'updatedAt' | 'address'>> & {
  address?: Partial<Address>;
};

interface Values {
  name: string;
  domain: string;
  industry: string;
  size: string | null;
  phone: string;
  ownerId: string | null;
  tags: string[];
  city: string;
  country: string;
  customFields: Record<string, unknown>;
}

function initialValues(company?: Company): Values {
  return {
    name: company?.name ?? '',
    domain: company?.domain ?? '',
    industry: company?.industry ?? '',
    size: company?.size ?? null,
    phone: company?.phone ?? '',
    ownerId: company?.ownerId ?? null,
    tags: company?.tags ?? [],
    city: company?.address.city ?? '',
    country: company?.address.country ?? '',
    customFields: { ...(company?.customFields ?? {}) },
  };
}

interface Props {
  company?: Company;
  submitLabel: string;
  onSubmit: (input: CompanyInput) => Promise<unknown>;
  onCancel: () => void;
}

export function CompanyForm({ company, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const customFields = useCustomFields('company');
  const { options: members } = useMemberDirectory();
  const form = useForm<Values>({
    initialValues: initialValues(company),
    validate: {
      name: (v) => (v.trim() ? null : t('common.validation.required')),
      country: (v) => (!v.trim() || /^[A-Za-z]{2}$/.test(v.trim()) ? null : t('crm.validation.country')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    const input: CompanyInput = {
      name: values.name.trim(),
      domain: orNull(values.domain),
      industry: orNull(values.industry),
      size: values.size,
      phone: orNull(values.phone),
      ownerId: values.ownerId,
      tags: values.tags,
      address: { city: orNull(values.city), country: orNull(values.country)?.toUpperCase() ?? null },
      customFields: cleanCustom(values.customFields, company?.customFields),
    };
    try {
      await onSubmit(input);
    } catch (error) {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {form.errors._form ? (
          <Alert color="red" role="alert">
            {form.errors._form}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('crm.fields.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('crm.fields.domain')} placeholder="example.co.id" {...form.getInputProps('domain')} />
          <TextInput label={t('crm.fields.industry')} {...form.getInputProps('industry')} />
          <Select label={t('crm.fields.size')} data={[...COMPANY_SIZES]} clearable {...form.getInputProps('size')} />
          <TextInput label={t('crm.fields.phone')} type="tel" {...form.getInputProps('phone')} />
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
