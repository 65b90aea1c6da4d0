import { useTranslation } from 'react-i18next';
import type { crm } from '../../i18n/en/crm';
import { useCustomFields, useMemberDirectory } from '../../pages/crm/api/queries';
import { COMPANY_SIZES, LIFECYCLE_STAGES, type CustomField, type FilterOp } from '../../pages/crm/api/types';

/** How a field is filtered: decides the operators offered and the value input. */
export type FieldKind = 'text' | 'number' | 'date' | 'boolean' | 'tags' | 'select';

export interface FieldDescriptor {
  key: string;
  label: string;
  kind: FieldKind;
  options?: { value: string; label: string }[];
}

export const OPS_BY_KIND: Record<FieldKind, FilterOp[]> = {
  text: ['contains', 'eq', 'neq', 'starts_with', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
  date: ['gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
  boolean: ['eq'],
  tags: ['contains', 'neq', 'is_empty', 'is_not_empty'],
  select: ['eq', 'neq', 'in', 'is_empty', 'is_not_empty'],
};

export function customFieldKind(field: CustomField): FieldKind | null {
  switch (field.type) {
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'select':
      return 'select';
    case 'multi_select':
      return 'tags';
    case 'text':
    case 'url':
    case 'email':
    case 'phone':
      return 'text';
    case 'currency':
      // Stored as {amount, currency}: no single value to compare against.
      return null;
  }
}

type Builtin = [key: string, kind: FieldKind];

const CONTACT_FIELDS: Builtin[] = [
  ['firstName', 'text'],
  ['lastName', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['title', 'text'],
  ['lifecycleStage', 'select'],
  ['ownerId', 'select'],
  ['tags', 'tags'],
  ['city', 'text'],
  ['country', 'text'],
  ['source', 'text'],
  ['restricted', 'boolean'],
  ['createdAt', 'date'],
  ['updatedAt', 'date'],
];

const COMPANY_FIELDS: Builtin[] = [
  ['name', 'text'],
  ['domain', 'text'],
  ['industry', 'text'],
  ['size', 'select'],
  ['phone', 'text'],
  ['ownerId', 'select'],
  ['tags', 'tags'],
  ['city', 'text'],
  ['country', 'text'],
  ['createdAt', 'date'],
  ['updatedAt', 'date'],
];

/** Every field a list can be filtered on: the built-in ones, then the workspace's custom fields. */
export function useFilterFields(object: 'contact' | 'company'): FieldDescriptor[] {
  const { t } = useTranslation();
  const custom = useCustomFields(object);
  const { options: memberOptions } = useMemberDirectory();
  const builtins = object === 'contact' ? CONTACT_FIELDS : COMPANY_FIELDS;
  const fields: FieldDescriptor[] = builtins.map(([key, kind]) => {
    const descriptor: FieldDescriptor = { key, kind, label: t(`crm.fields.${key as FieldLabelKey}`) };
    if (key === 'lifecycleStage') {
      descriptor.options = LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`crm.lifecycle.${s}`) }));
    } else if (key === 'size') {
      descriptor.options = COMPANY_SIZES.map((s) => ({ value: s, label: s }));
    } else if (key === 'ownerId') {
      descriptor.options = memberOptions;
    }
    return descriptor;
  });
  for (const field of custom.data?.data ?? []) {
    const kind = customFieldKind(field);
    if (!kind) continue;
    fields.push({
      key: `custom.${field.key}`,
      label: field.label,
      kind,
      options: field.options.map((o) => ({ value: o, label: o })),
    });
  }
  return fields;
}

export type FieldLabelKey = keyof typeof crm.fields;
