import { Anchor, Group, MultiSelect, NumberInput, Select, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, type CustomField } from '../../pages/crm/api/types';
import { formatMoney } from './money';

interface Props {
  field: CustomField;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string | null;
  disabled?: boolean;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function asMoney(value: unknown): { amount: number | null; currency: string } {
  if (typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value) {
    const amount = typeof value.amount === 'number' ? value.amount : null;
    return { amount, currency: typeof value.currency === 'string' ? value.currency : 'IDR' };
  }
  return { amount: null, currency: 'IDR' };
}

/** The input that suits a custom field's type; an emptied input sends null, which clears the value. */
export function CustomFieldInput({ field, value, onChange, error, disabled }: Props) {
  const { t } = useTranslation();
  const common = { label: field.label, required: field.required, error, disabled };
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      );
    case 'currency': {
      const money = asMoney(value);
      return (
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <NumberInput
            {...common}
            style={{ flex: 1 }}
            thousandSeparator={money.currency === 'IDR' ? '.' : ','}
            decimalSeparator={money.currency === 'IDR' ? ',' : '.'}
            value={money.amount ?? ''}
            onChange={(v) => onChange(typeof v === 'number' ? { amount: v, currency: money.currency } : null)}
          />
          <Select
            label={t('crm.fields.currency')}
            w={100}
            data={[...CURRENCIES]}
            value={money.currency}
            allowDeselect={false}
            disabled={disabled}
            onChange={(c) => onChange({ amount: money.amount ?? 0, currency: c ?? 'IDR' })}
          />
        </Group>
      );
    }
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={asString(value)}
          onChange={(e) => onChange(e.currentTarget.value || null)}
        />
      );
    case 'boolean':
      return (
        <Switch
          label={field.label}
          disabled={disabled}
          error={error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          mt="xs"
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={field.options}
          value={asString(value) || null}
          clearable
          onChange={(v) => onChange(v)}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={field.options}
          value={Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []}
          clearable
          onChange={(v) => onChange(v.length > 0 ? v : null)}
        />
      );
    case 'url':
    case 'email':
    case 'phone':
    case 'text':
      return (
        <TextInput
          {...common}
          type={field.type === 'text' || field.type === 'phone' ? 'text' : field.type}
          inputMode={field.type === 'phone' ? 'tel' : undefined}
          value={asString(value)}
          onChange={(e) => onChange(e.currentTarget.value || null)}
        />
      );
  }
}

/** A custom field's value for reading. */
export function CustomFieldValue({ field, value }: { field: CustomField; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return (
      <Text fz="sm" c="dimmed">
        —
      </Text>
    );
  }
  switch (field.type) {
    case 'boolean':
      return <Text fz="sm">{value === true ? t('crm.yes') : t('crm.no')}</Text>;
    case 'multi_select':
      return <Text fz="sm">{Array.isArray(value) ? value.join(', ') : asString(value)}</Text>;
    case 'currency': {
      const money = asMoney(value);
      return <Text fz="sm">{money.amount === null ? '—' : formatMoney(money.amount, money.currency)}</Text>;
    }
    case 'url':
      return (
        <Anchor fz="sm" href={asString(value)} target="_blank" rel="noopener noreferrer">
          {asString(value)}
        </Anchor>
      );
    case 'email':
      return (
        <Anchor fz="sm" href={`mailto:${asString(value)}`}>
          {asString(value)}
        </Anchor>
      );
    case 'text':
    case 'number':
    case 'date':
    case 'select':
    case 'phone':
      return <Text fz="sm">{asString(value)}</Text>;
  }
}
