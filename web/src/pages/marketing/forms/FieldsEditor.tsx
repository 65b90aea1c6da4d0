import { ActionIcon, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CONTACT_TARGETS, FIELD_TYPES, type ContactTarget, type FieldType, type FormField } from './api';

/** `value | English | Indonesian` per line, the way the options textarea shows them. */
export function optionsToText(options: FormField['options']): string {
  return options.map((o) => `${o.value} | ${o.label.en} | ${o.label.id}`).join('\n');
}

export function textToOptions(text: string): FormField['options'] {
  return text
    .split('\n')
    .map((line) => line.split('|').map((s) => s.trim()))
    .filter(([value]) => value)
    .map(([value = '', en, id]) => ({ value, label: { en: en || value, id: id || en || value } }));
}

const isType = (v: string | null): v is FieldType => (FIELD_TYPES as readonly string[]).includes(v ?? '');
const isTarget = (v: string | null): v is ContactTarget => (CONTACT_TARGETS as readonly string[]).includes(v ?? '');

export function FieldsEditor({ fields, onChange, errors, customFields }: { fields: FormField[]; onChange: (f: FormField[]) => void; errors: Record<string, string>; customFields: { key: string; label: string }[] }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<FormField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const add = () => onChange([...fields, { key: `field_${fields.length + 1}`, label: { en: '', id: '' }, type: 'text', required: false, mapsTo: null, customField: null, options: [] }]);
  const up = (i: number) => onChange(fields.map((f, j) => (j === i - 1 ? fields[i]! : j === i ? fields[i - 1]! : f)));
  return (
    <Stack gap="sm">
      <Title order={2} fz="lg">{t('forms.fields.title')}</Title>
      {errors['fields'] ? <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>{errors['fields']}</div> : null}
      {fields.map((f, i) => (
        <Card key={i} withBorder padding="sm" aria-label={f.key}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('forms.fields.key')} value={f.key} onChange={(e) => set(i, { key: e.currentTarget.value })} error={errors[`fields.${i}.key`]} required />
            <TextInput label={t('forms.fields.labelEn')} value={f.label.en} onChange={(e) => set(i, { label: { ...f.label, en: e.currentTarget.value } })} error={errors[`fields.${i}.label.en`]} required />
            <TextInput label={t('forms.fields.labelId')} value={f.label.id} onChange={(e) => set(i, { label: { ...f.label, id: e.currentTarget.value } })} error={errors[`fields.${i}.label.id`]} required />
            <Select label={t('forms.fields.type')} value={f.type} allowDeselect={false} onChange={(v) => isType(v) && set(i, { type: v })} data={FIELD_TYPES.map((x) => ({ value: x, label: t(`forms.fields.types.${x}`) }))} error={errors[`fields.${i}.type`]} />
            <Select
              label={t('forms.fields.mapsTo')}
              value={f.mapsTo ?? ''}
              allowDeselect={false}
              onChange={(v) => set(i, { mapsTo: isTarget(v) ? v : null })}
              data={[{ value: '', label: t('forms.fields.none') }, ...CONTACT_TARGETS.map((x) => ({ value: x, label: t(`forms.fields.targets.${x}`) }))]}
              error={errors[`fields.${i}.mapsTo`]}
            />
            {customFields.length ? (
              <Select
                label={t('forms.fields.customField')}
                value={f.customField ?? ''}
                allowDeselect={false}
                onChange={(v) => set(i, { customField: v || null })}
                data={[{ value: '', label: t('forms.fields.none') }, ...customFields.map((c) => ({ value: c.key, label: c.label }))]}
                error={errors[`fields.${i}.customField`]}
              />
            ) : null}
            <Checkbox mt="xl" label={t('forms.fields.required')} checked={f.required} onChange={(e) => set(i, { required: e.currentTarget.checked })} />
          </SimpleGrid>
          {f.type === 'select' ? (
            <Textarea mt="sm" label={t('forms.fields.options')} autosize minRows={2} defaultValue={optionsToText(f.options)} onBlur={(e) => set(i, { options: textToOptions(e.currentTarget.value) })} error={errors[`fields.${i}.options`]} />
          ) : null}
          <Group justify="flex-end" gap={4} mt="xs">
            {i > 0 ? (
              <ActionIcon variant="subtle" color="gray.7" aria-label={t('forms.fields.up', { key: f.key })} onClick={() => up(i)}>
                <IconArrowUp size={18} aria-hidden="true" />
              </ActionIcon>
            ) : null}
            <ActionIcon variant="subtle" color="red" aria-label={t('forms.fields.remove', { key: f.key })} onClick={() => onChange(fields.filter((_, j) => j !== i))}>
              <IconTrash size={18} aria-hidden="true" />
            </ActionIcon>
          </Group>
        </Card>
      ))}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={add}>
          {t('forms.fields.add')}
        </Button>
      </Group>
    </Stack>
  );
}
