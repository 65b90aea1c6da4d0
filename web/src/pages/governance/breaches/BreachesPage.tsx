import { Anchor, Button, Card, Group, Modal, NumberInput, SegmentedControl, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { Countdown, useNow } from '../../privacy/Countdown';
import { usePrivacyAccess, usePrivacyScope } from '../../privacy/hooks';
import { breachesApi, type NewBreach } from './api';
import { MinorReportsCard } from './MinorReportsCard';

/** `datetime-local` gives local wall time without a zone; the API wants an absolute time. */
const toIso = (local: string): string => new Date(local).toISOString();
const nowLocal = (): string => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

function RegisterForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const [scope] = usePrivacyScope();
  const [form, setForm] = useState({ title: '', awareAt: nowLocal(), detectedAt: '', nature: '', categories: '', subjects: 0, records: '' as number | '', systems: '', consequences: '', measures: '' });
  const set = (k: keyof typeof form) => (v: string | number) => setForm((f) => ({ ...f, [k]: v }));
  const create = useMutation({
    mutationFn: () => {
      const body: NewBreach = {
        title: form.title,
        awareAt: toIso(form.awareAt),
        nature: form.nature,
        dataCategories: form.categories.split(',').map((c) => c.trim()).filter(Boolean),
        approxSubjects: form.subjects,
        ...(form.records !== '' ? { approxRecords: form.records } : {}),
        ...(form.detectedAt ? { detectedAt: toIso(form.detectedAt) } : {}),
        ...(form.systems ? { systems: form.systems } : {}),
        ...(form.consequences ? { consequences: form.consequences } : {}),
        ...(form.measures ? { measures: form.measures } : {}),
      };
      return breachesApi.create(scope, body);
    },
    onSuccess: (r) => onDone(r.id),
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Stack>
        <TextInput label={t('breaches.form.title')} required value={form.title} onChange={(e) => set('title')(e.currentTarget.value)} />
        <TextInput type="datetime-local" label={t('breaches.form.awareAt')} description={t('breaches.form.awareAtHelp')} required value={form.awareAt} onChange={(e) => set('awareAt')(e.currentTarget.value)} />
        <TextInput type="datetime-local" label={t('breaches.form.detectedAt')} value={form.detectedAt} onChange={(e) => set('detectedAt')(e.currentTarget.value)} />
        <Textarea label={t('breaches.form.nature')} required value={form.nature} onChange={(e) => set('nature')(e.currentTarget.value)} />
        <TextInput label={t('breaches.form.dataCategories')} description={t('breaches.form.dataCategoriesHelp')} required value={form.categories} onChange={(e) => set('categories')(e.currentTarget.value)} />
        <Group grow>
          <NumberInput label={t('breaches.form.approxSubjects')} min={0} required value={form.subjects} onChange={(v) => set('subjects')(typeof v === 'number' ? v : 0)} />
          <NumberInput label={t('breaches.form.approxRecords')} min={0} value={form.records} onChange={(v) => set('records')(typeof v === 'number' ? v : '')} />
        </Group>
        <TextInput label={t('breaches.form.systems')} value={form.systems} onChange={(e) => set('systems')(e.currentTarget.value)} />
        <Textarea label={t('breaches.form.consequences')} value={form.consequences} onChange={(e) => set('consequences')(e.currentTarget.value)} />
        <Textarea label={t('breaches.form.measures')} value={form.measures} onChange={(e) => set('measures')(e.currentTarget.value)} />
        {create.error ? <QueryError error={create.error} /> : null}
        <Button type="submit" loading={create.isPending}>{t('breaches.form.submit')}</Button>
      </Stack>
    </form>
  );
}

export function BreachesPage() {
  const { t } = useTranslation();
  const access = usePrivacyAccess();
  const [scope, setScope] = usePrivacyScope();
  const fmt = useFormatters();
  const now = useNow();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({ queryKey: ['breaches', scope], queryFn: () => breachesApi.list(scope) });
  const suffix = scope === 'platform' ? '?scope=platform' : '';
  return (
    <>
      <PageHeader title={t('breaches.title')} subtitle={t('breaches.subtitle')} actions={<Button onClick={() => setOpen(true)}>{t('breaches.register')}</Button>} />
      {access.workspace && access.platform ? (
        <SegmentedControl mb="md" value={scope} onChange={(v) => setScope(v === 'platform' ? 'platform' : 'workspace')} data={[{ value: 'workspace', label: t('privacy.scopes.workspace') }, { value: 'platform', label: t('privacy.scopes.platform') }]} />
      ) : null}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('breaches.register')} size="lg">
        <RegisterForm
          onDone={(id) => {
            setOpen(false);
            void queryClient.invalidateQueries({ queryKey: ['breaches'] });
            void navigate(`/governance/breaches/${id}${suffix}`);
          }}
        />
      </Modal>
      <Card padding={0}>
        {list.isPending ? <SectionLoader /> : list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : list.data.data.length === 0 ? (
          <Text p="md" c="dimmed">{t('breaches.empty')}</Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('breaches.columns.title')}</Table.Th>
                <Table.Th>{t('breaches.columns.awareAt')}</Table.Th>
                <Table.Th>{t('breaches.columns.authority')}</Table.Th>
                <Table.Th>{t('breaches.columns.subjects')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.data.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td><Anchor component={Link} to={`/governance/breaches/${b.id}${suffix}`}>{b.title}</Anchor></Table.Td>
                  <Table.Td>{fmt.dateTime(b.awareAt)}</Table.Td>
                  <Table.Td><Countdown dueAt={b.deadlines.authority} closed={b.authorityNotifiedAt !== null} now={now} /></Table.Td>
                  <Table.Td><Countdown dueAt={b.deadlines.subjects} closed={b.subjectsNotifiedAt !== null} now={now} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <MinorReportsCard scope={scope} />
    </>
  );
}
