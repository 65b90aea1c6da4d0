import { Badge, Button, Card, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { MECHANISMS, policiesApi, type Subprocessor } from './api';
import { DisclosuresCard } from './DisclosuresCard';

function EditForm({ s, onDone }: { s: Subprocessor; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ name: s.name, purpose: s.purpose, country: s.country ?? '', mechanism: s.mechanism, dpaDate: s.dpaDate ?? '', categories: s.dataCategories.join(', ') });
  const save = useMutation({
    mutationFn: () =>
      policiesApi.updateSubprocessor(s.key, {
        name: form.name.trim(),
        purpose: form.purpose.trim(),
        country: form.country.trim() ? form.country.trim().toUpperCase() : null,
        mechanism: form.mechanism,
        dpaDate: form.dpaDate || null,
        dataCategories: form.categories.split(',').map((c) => c.trim()).filter(Boolean),
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['subprocessors'] });
      onDone();
    },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <Stack>
        <TextInput label={t('policies.subprocessors.columns.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <TextInput label={t('policies.subprocessors.columns.purpose')} required value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.currentTarget.value })} />
        <TextInput label={t('policies.subprocessors.columns.categories')} description={t('policies.subprocessors.categoriesHelp')} value={form.categories} onChange={(e) => setForm({ ...form, categories: e.currentTarget.value })} />
        <TextInput label={t('policies.subprocessors.columns.country')} description={t('policies.subprocessors.countryHelp')} maxLength={2} value={form.country} onChange={(e) => setForm({ ...form, country: e.currentTarget.value })} />
        <Select
          label={t('policies.subprocessors.columns.mechanism')}
          data={MECHANISMS.map((m) => ({ value: m, label: t(`policies.subprocessors.mechanism.${m}`) }))}
          value={form.mechanism}
          allowDeselect={false}
          onChange={(v) => v && setForm({ ...form, mechanism: v })}
        />
        <TextInput type="date" label={t('policies.subprocessors.columns.dpaDate')} value={form.dpaDate} onChange={(e) => setForm({ ...form, dpaDate: e.currentTarget.value })} />
        <Text size="sm" c="dimmed">{t('policies.subprocessors.noticeHelp')}</Text>
        {save.error ? <QueryError error={save.error} /> : null}
        <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
      </Stack>
    </form>
  );
}

/** The sub-processor register: what the public /subprocessors page and the records of processing show. */
export function SubprocessorsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['subprocessors'], queryFn: policiesApi.subprocessors });
  const [editing, setEditing] = useState<Subprocessor | null>(null);
  return (
    <>
      <PageHeader title={t('policies.subprocessors.title')} subtitle={t('policies.subprocessors.subtitle')} actions={<Button variant="default" component="a" href="/subprocessors" target="_blank">{t('policies.subprocessors.publicPage')}</Button>} />
      <Card>
        {list.isPending ? (
          <SectionLoader />
        ) : list.error ? (
          <QueryError error={list.error} />
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('policies.subprocessors.columns.name')}</Table.Th>
                  <Table.Th>{t('policies.subprocessors.columns.purpose')}</Table.Th>
                  <Table.Th>{t('policies.subprocessors.columns.categories')}</Table.Th>
                  <Table.Th>{t('policies.subprocessors.columns.country')}</Table.Th>
                  <Table.Th>{t('policies.subprocessors.columns.mechanism')}</Table.Th>
                  <Table.Th>{t('policies.subprocessors.columns.dpaDate')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((s) => (
                  <Table.Tr key={s.key}>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.purpose}</Table.Td>
                    <Table.Td>{s.dataCategories.join(', ') || '—'}</Table.Td>
                    <Table.Td>{s.country ?? t('policies.subprocessors.operatorChoice')}</Table.Td>
                    <Table.Td><Badge variant="light">{t(`policies.subprocessors.mechanism.${s.mechanism}`)}</Badge></Table.Td>
                    <Table.Td>{s.dpaDate ?? '—'}</Table.Td>
                    <Table.Td><Button size="xs" variant="default" onClick={() => setEditing(s)}>{t('policies.subprocessors.edit')}</Button></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <DisclosuresCard />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.name ?? ''}>
        {editing ? <EditForm s={editing} onDone={() => setEditing(null)} /> : null}
      </Modal>
    </>
  );
}
