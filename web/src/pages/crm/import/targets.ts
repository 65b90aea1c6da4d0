import { useTranslation } from 'react-i18next';
import type { crm } from '../../../i18n/en/crm';
import { useCustomFields } from '../api/queries';
import type { ImportObject } from '../api/types';

/** The fields a CSV column can fill, as the import API names them. */
const CONTACT_TARGETS = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'title',
  'company',
  'companyDomain',
  'address.line1',
  'address.line2',
  'address.city',
  'address.region',
  'address.postalCode',
  'address.country',
  'source',
  'tags',
  'lifecycleStage',
  'timeZone',
  'locale',
];

const COMPANY_TARGETS = [
  'name',
  'domain',
  'industry',
  'size',
  'phone',
  'address.line1',
  'address.line2',
  'address.city',
  'address.region',
  'address.postalCode',
  'address.country',
  'tags',
];

type TargetKey = keyof typeof crm.import.targets;

/** Select options for the mapping step: built-in targets, then the object's custom fields. */
export function useImportTargets(object: ImportObject) {
  const { t } = useTranslation();
  const custom = useCustomFields(object);
  const base = object === 'contact' ? CONTACT_TARGETS : COMPANY_TARGETS;
  const options = base.map((target) => ({
    value: target,
    label: t(`crm.import.targets.${target.replace('address.', '') as TargetKey}`),
  }));
  for (const field of custom.data?.data ?? []) options.push({ value: `custom.${field.key}`, label: field.label });
  return options;
}
