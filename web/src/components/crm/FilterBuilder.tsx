import { ActionIcon, Badge, Button, Group, MultiSelect, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFilter, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Filter, FilterOp } from '../../pages/crm/api/types';
import { OPS_BY_KIND, type FieldDescriptor } from './fields';

const NO_VALUE: FilterOp[] = ['is_empty', 'is_not_empty'];

interface Props {
  fields: FieldDescriptor[];
  filters: Filter[];
  onChange: (filters: Filter[]) => void;
}

function ValueInput({
  field,
  filter,
  index,
  onChange,
}: {
  field: FieldDescriptor | undefined;
  filter: Filter;
  index: number;
  onChange: (value: Filter['value']) => void;
}) {
  const { t } = useTranslation();
  const label = t('crm.filters.valueFor', { index: index + 1 });
  if (NO_VALUE.includes(filter.op)) return <div style={{ flex: 1 }} />;
  const text = typeof filter.value === 'string' || typeof filter.value === 'number' ? String(filter.value) : '';
  if (field?.kind === 'boolean') {
    return (
      <Select
        aria-label={label}
        style={{ flex: 1 }}
        data={[
          { value: 'true', label: t('crm.yes') },
          { value: 'false', label: t('crm.no') },
        ]}
        value={filter.value === false ? 'false' : 'true'}
        allowDeselect={false}
        onChange={(v) => onChange(v === 'true')}
      />
    );
  }
  if (field?.options && field.options.length > 0) {
    if (filter.op === 'in') {
      return (
        <MultiSelect
          aria-label={label}
          style={{ flex: 1 }}
          data={field.options}
          value={Array.isArray(filter.value) ? filter.value : []}
          onChange={onChange}
        />
      );
    }
    return (
      <Select
        aria-label={label}
        style={{ flex: 1 }}
        data={field.options}
        value={text || null}
        onChange={(v) => onChange(v ?? '')}
      />
    );
  }
  return (
    <TextInput
      aria-label={label}
      style={{ flex: 1 }}
      type={field?.kind === 'date' ? 'date' : field?.kind === 'number' ? 'number' : 'text'}
      value={text}
      onChange={(e) => onChange(field?.kind === 'number' ? Number(e.currentTarget.value) : e.currentTarget.value)}
    />
  );
}

/** Field, operator and value rows; the list only refetches when the draft is applied. */
export function FilterBuilder({ fields, filters, onChange }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<Filter[]>(filters);
  const byKey = new Map(fields.map((f) => [f.key, f]));

  const open = () => {
    setDraft(filters.length > 0 ? filters : []);
    setOpened(true);
  };
  const update = (index: number, patch: Partial<Filter>) =>
    setDraft((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const setField = (index: number, key: string) => {
    const kind = byKey.get(key)?.kind ?? 'text';
    update(index, { field: key, op: OPS_BY_KIND[kind][0] ?? 'eq', value: kind === 'boolean' ? true : '' });
  };
  const add = () => {
    const first = fields[0];
    if (!first) return;
    setDraft((rows) => [...rows, { field: first.key, op: OPS_BY_KIND[first.kind][0] ?? 'eq', value: '' }]);
  };
  const apply = () => {
    const complete = draft
      .filter((f) => NO_VALUE.includes(f.op) || (f.value !== '' && f.value !== undefined))
      .map((f) => (NO_VALUE.includes(f.op) ? { field: f.field, op: f.op } : f));
    onChange(complete);
    setOpened(false);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={620} shadow="md" trapFocus>
      <Popover.Target>
        <Button
          variant={filters.length > 0 ? 'light' : 'default'}
          leftSection={<IconFilter size={16} aria-hidden="true" />}
          rightSection={
            filters.length > 0 ? (
              <Badge size="sm" circle>
                {filters.length}
              </Badge>
            ) : null
          }
          onClick={() => (opened ? setOpened(false) : open())}
        >
          {t('crm.filters.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          {draft.length === 0 ? (
            <Text c="dimmed" fz="sm">
              {t('crm.filters.none')}
            </Text>
          ) : null}
          {draft.map((filter, index) => {
            const field = byKey.get(filter.field);
            const ops = OPS_BY_KIND[field?.kind ?? 'text'];
            return (
              <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
                <Select
                  aria-label={t('crm.filters.fieldFor', { index: index + 1 })}
                  w={180}
                  searchable
                  data={fields.map((f) => ({ value: f.key, label: f.label }))}
                  value={filter.field}
                  allowDeselect={false}
                  onChange={(v) => v && setField(index, v)}
                />
                <Select
                  aria-label={t('crm.filters.operatorFor', { index: index + 1 })}
                  w={150}
                  data={ops.map((op) => ({ value: op, label: t(`crm.filters.ops.${op}`) }))}
                  value={filter.op}
                  allowDeselect={false}
                  onChange={(v) => v && update(index, { op: v, value: v === 'in' ? [] : filter.value })}
                />
                <ValueInput
                  field={field}
                  filter={filter}
                  index={index}
                  onChange={(value) => update(index, { value })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t('crm.filters.remove', { index: index + 1 })}
                  onClick={() => setDraft((rows) => rows.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} aria-hidden="true" />
                </ActionIcon>
              </Group>
            );
          })}
          <Group justify="space-between">
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden="true" />} onClick={add}>
              {t('crm.filters.add')}
            </Button>
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={() => setDraft([])}>
                {t('crm.filters.clear')}
              </Button>
              <Button size="xs" onClick={apply}>
                {t('crm.filters.apply')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
