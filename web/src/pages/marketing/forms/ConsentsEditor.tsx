import { ActionIcon, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CONSENT_PURPOSES, type ConsentPurpose, type FormConsent } from './api';

const isPurpose = (v: string | null): v is ConsentPurpose => (CONSENT_PURPOSES as readonly string[]).includes(v ?? '');

export function ConsentsEditor({ consents, onChange, errors }: { consents: FormConsent[]; onChange: (c: FormConsent[]) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  // An edited wording is no longer the stored version: the server makes a new one on save.
  const set = (i: number, patch: Partial<FormConsent>) => onChange(consents.map((c, j) => (j === i ? { ...c, ...patch, versionId: undefined } : c)));
  const add = () => onChange([...consents, { key: `consent_${consents.length + 1}`, purpose: 'marketing', text: { en: '', id: '' } }]);
  return (
    <Stack gap="sm">
      <Title order={2} fz="lg">{t('forms.consents.title')}</Title>
      <Text c="dimmed" fz="sm">{t('forms.consents.hint')}</Text>
      {consents.map((c, i) => (
        <Card key={i} withBorder padding="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('forms.consents.key')} value={c.key} onChange={(e) => set(i, { key: e.currentTarget.value })} error={errors[`consents.${i}.key`]} required />
            <Select label={t('forms.consents.purpose')} value={c.purpose} allowDeselect={false} onChange={(v) => isPurpose(v) && set(i, { purpose: v })} data={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`forms.consents.purposes.${p}`) }))} />
            <Textarea label={t('forms.consents.textEn')} value={c.text.en} autosize minRows={2} onChange={(e) => set(i, { text: { ...c.text, en: e.currentTarget.value } })} error={errors[`consents.${i}.text.en`]} required />
            <Textarea label={t('forms.consents.textId')} value={c.text.id} autosize minRows={2} onChange={(e) => set(i, { text: { ...c.text, id: e.currentTarget.value } })} error={errors[`consents.${i}.text.id`]} required />
          </SimpleGrid>
          <Group justify="space-between" mt="xs">
            {c.versionId ? <Badge variant="outline" color="gray.7">{t('forms.consents.version', { id: c.versionId.slice(-8) })}</Badge> : <span />}
            <ActionIcon variant="subtle" color="red" aria-label={t('forms.consents.remove', { key: c.key })} onClick={() => onChange(consents.filter((_, j) => j !== i))}>
              <IconTrash size={18} aria-hidden="true" />
            </ActionIcon>
          </Group>
        </Card>
      ))}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={add}>
          {t('forms.consents.add')}
        </Button>
      </Group>
    </Stack>
  );
}
