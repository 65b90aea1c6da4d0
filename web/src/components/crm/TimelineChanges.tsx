import { Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMemberDirectory } from '../../pages/crm/api/queries';
import type { CustomField, Stage } from '../../pages/crm/api/types';
import type { FieldLabelKey } from './fields';
import { formatMoney } from './money';
import { useRecordName } from './RecordSelect';

interface Context {
  customFields: CustomField[];
  stages: Stage[];
}

type Change = { field: string; from: unknown; to: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Address and custom-field changes arrive as whole objects; each sub-field that moved gets its own line. */
export function flattenChanges(changes: Record<string, unknown>): Change[] {
  const out: Change[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (!isPlainObject(change) || !('from' in change || 'to' in change)) continue;
    const { from, to } = change;
    if ((field === 'address' || field === 'customFields') && (isPlainObject(from) || isPlainObject(to))) {
      const before = isPlainObject(from) ? from : {};
      const after = isPlainObject(to) ? to : {};
      for (const sub of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (same(before[sub], after[sub])) continue;
        out.push({ field: field === 'customFields' ? `custom.${sub}` : sub, from: before[sub], to: after[sub] });
      }
    } else out.push({ field, from, to });
  }
  return out;
}

function RecordName({ object, id }: { object: 'company' | 'contact'; id: string }) {
  const name = useRecordName(object, id);
  return <>{name ?? '…'}</>;
}

function Value({ field, value, context }: { field: string; value: unknown; context: Context }) {
  const { t, i18n } = useTranslation();
  const { name } = useMemberDirectory();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return <>—</>;
  if (typeof value === 'string') {
    if (field === 'ownerId' || field === 'assigneeId') return <>{name(value) ?? value}</>;
    if (field === 'companyId') return <RecordName object="company" id={value} />;
    if (field === 'stageId') return <>{context.stages.find((s) => s.id === value)?.name ?? value}</>;
    if (field === 'lifecycleStage' && i18n.exists(`crm.lifecycle.${value}`))
      return <>{t(`crm.lifecycle.${value as 'lead'}`)}</>;
    return <>{value}</>;
  }
  if (typeof value === 'boolean') return <>{value ? t('crm.yes') : t('crm.no')}</>;
  if (typeof value === 'number') return <>{value.toLocaleString(i18n.resolvedLanguage === 'id' ? 'id-ID' : 'en-US')}</>;
  if (Array.isArray(value)) return <>{value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}</>;
  if (isPlainObject(value) && typeof value.amount === 'number' && typeof value.currency === 'string') {
    return <>{formatMoney(value.amount, value.currency)}</>;
  }
  return <>{JSON.stringify(value)}</>;
}

/** "Title: Head of Sales → VP Sales", one line per changed field. */
export function TimelineChanges({ changes, context }: { changes: Record<string, unknown>; context: Context }) {
  const { t, i18n } = useTranslation();
  const label = (field: string) => {
    if (field.startsWith('custom.')) {
      const key = field.slice(7);
      return context.customFields.find((f) => f.key === key)?.label ?? key;
    }
    return i18n.exists(`crm.fields.${field}`) ? t(`crm.fields.${field as FieldLabelKey}`) : field;
  };
  return (
    <>
      {flattenChanges(changes).map((change) => (
        <Text key={change.field} fz="sm">
          <Text span inherit fw={600}>
            {label(change.field)}:
          </Text>{' '}
          <Text span inherit c="dimmed">
            <Value field={change.field} value={change.from} context={context} />
          </Text>{' '}
          <span aria-hidden="true">→</span>
          <VisuallyHidden>{t('crm.timeline.changedTo')}</VisuallyHidden>{' '}
          <Value field={change.field} value={change.to} context={context} />
        </Text>
      ))}
    </>
  );
}
