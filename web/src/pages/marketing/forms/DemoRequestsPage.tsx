import { Anchor, Group, Select, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import type { Submission } from './api';

const STATUSES = ['new', 'contacted', 'closed'] as const;
type Status = (typeof STATUSES)[number];
const KEY = ['platform', 'demo-requests'];

const text = (v: string | boolean | undefined): string => (typeof v === 'string' ? v : '');

/** The operator's demo requests (the /demo form), each assigned to an operator in turn. */
export function DemoRequestsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: KEY, queryFn: () => api<{ data: Submission[] }>('/api/v1/platform/demo-requests?limit=200') });
  const operators = useQuery({ queryKey: ['platform', 'officers'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/api/v1/privacy/officers?scope=platform') });
  const patch = useMutation({
    mutationFn: ({ id, status }: { id: string; status: Status }) => api<Submission>(`/api/v1/platform/demo-requests/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const nameOf = (id: string | null) => operators.data?.data.find((o) => o.id === id)?.name ?? '—';
  let content;
  if (requests.isPending) content = <SectionLoader />;
  else if (requests.isError) content = <QueryError error={requests.error} onRetry={() => void requests.refetch()} />;
  else if (requests.data.data.length === 0) content = <Text c="dimmed">{t('forms.demo.empty')}</Text>;
  else {
    content = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('forms.submissions.when')}</Table.Th>
              <Table.Th>{t('forms.demo.person')}</Table.Th>
              <Table.Th>{t('forms.demo.company')}</Table.Th>
              <Table.Th>{t('forms.demo.assignee')}</Table.Th>
              <Table.Th>{t('forms.submissions.consents')}</Table.Th>
              <Table.Th>{t('forms.submissions.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {requests.data.data.map((r) => {
              const person = [text(r.answers.first_name), text(r.answers.last_name)].filter(Boolean).join(' ');
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>{fmt.dateTime(r.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text fw={600}>{person || '—'}</Text>
                    {r.email ? <Anchor href={`mailto:${r.email}`} fz="sm">{r.email}</Anchor> : null}
                    {text(r.answers.message) ? <Text fz="sm" c="dimmed" lineClamp={2}>{text(r.answers.message)}</Text> : null}
                  </Table.Td>
                  <Table.Td>{text(r.answers.company) || '—'}</Table.Td>
                  <Table.Td>{nameOf(r.assigneeId)}</Table.Td>
                  <Table.Td>{r.consents.filter((c) => c.granted).map((c) => t(`forms.consents.purposes.${c.purpose as 'marketing'}`)).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('forms.demo.statusFor', { name: person || r.email || r.id })}
                      value={r.status}
                      allowDeselect={false}
                      w={150}
                      data={STATUSES.map((s) => ({ value: s, label: t(`forms.demo.statuses.${s}`) }))}
                      onChange={(v) => v && patch.mutate({ id: r.id, status: v as Status })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <>
      <PageHeader title={t('forms.demo.title')} subtitle={t('forms.demo.subtitle')} actions={
          <Group>
            <Anchor component={Link} to="/platform/demo-form">{t('forms.demo.edit')}</Anchor>
            <Anchor href="/demo" target="_blank" rel="noopener">{t('forms.demo.open')}</Anchor>
          </Group>
        } />
      {content}
    </>
  );
}
