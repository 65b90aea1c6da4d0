import { Anchor, Badge, Button, Card, Group, Modal, Progress, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { policiesApi, type PolicyVersion } from './api';
import { DiffView } from './DiffView';

const STATUS_COLOR = { draft: 'gray', scheduled: 'blue', current: 'green', superseded: 'dark' } as const;

/** Progress of the notice mail to every user, polled while the job runs. */
function NoticeProgress({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ['policies', id],
    queryFn: () => policiesApi.get(id),
    refetchInterval: (q) => (q.state.data?.notice && !['completed', 'failed', 'cancelled'].includes(q.state.data.notice.status) ? 2000 : false),
  });
  const n = detail.data?.notice;
  if (!n) return null;
  const pct = n.total ? Math.round((n.done / n.total) * 100) : n.status === 'completed' ? 100 : 0;
  return (
    <Stack gap={2} miw={160}>
      <Progress value={pct} aria-label={t('policies.notice')} />
      <Text size="xs" c="dimmed">
        {t(`policies.noticeStatus.${n.status === 'completed' ? 'completed' : n.status === 'failed' ? 'failed' : 'running'}`, { done: n.done, total: n.total ?? '?' })}
      </Text>
    </Stack>
  );
}

function DiffModal({ pair, onClose }: { pair: { from: string; to: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const diff = useQuery({ queryKey: ['policies', 'diff', pair], queryFn: () => policiesApi.diff(pair!.from, pair!.to), enabled: pair !== null });
  return (
    <Modal opened={pair !== null} onClose={onClose} size="xl" title={diff.data ? t('policies.diffTitle', { from: diff.data.from.version, to: diff.data.to.version }) : t('policies.diff')}>
      {diff.isPending ? <SectionLoader /> : diff.error ? <QueryError error={diff.error} /> : <DiffView lines={diff.data.lines} />}
    </Modal>
  );
}

export function PoliciesPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['policies'], queryFn: policiesApi.list });
  const [confirm, setConfirm] = useState<PolicyVersion | null>(null);
  const [pair, setPair] = useState<{ from: string; to: string } | null>(null);
  const publish = useMutation({
    mutationFn: (id: string) => policiesApi.publish(id),
    onSuccess: async () => {
      setConfirm(null);
      await qc.invalidateQueries({ queryKey: ['policies'] });
    },
  });
  const rows = list.data ?? [];
  // The version each one is compared with: the one created before it.
  const previous = (i: number): PolicyVersion | undefined => rows[i + 1];
  return (
    <>
      <PageHeader
        title={t('policies.title')}
        subtitle={t('policies.subtitle')}
        actions={
          <Group>
            <Button variant="default" component={Link} to="/governance/policies/subprocessors">{t('policies.subprocessors.title')}</Button>
            <Button component={Link} to="/governance/policies/new">{t('policies.new')}</Button>
          </Group>
        }
      />
      <Card>
        {list.isPending ? (
          <SectionLoader />
        ) : list.error ? (
          <QueryError error={list.error} />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('policies.columns.version')}</Table.Th>
                  <Table.Th>{t('policies.columns.status')}</Table.Th>
                  <Table.Th>{t('policies.columns.effectiveAt')}</Table.Th>
                  <Table.Th>{t('policies.columns.lastUpdated')}</Table.Th>
                  <Table.Th>{t('policies.columns.notice')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p, i) => {
                  const prev = previous(i);
                  return (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        {p.version} {p.material ? <Badge color="orange" variant="light">{t('policies.material')}</Badge> : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLOR[p.status]} variant="light">{t(`policies.status.${p.status}`)}</Badge>
                      </Table.Td>
                      <Table.Td>{fmt.dateTime(p.effectiveAt)}</Table.Td>
                      <Table.Td>{p.lastUpdated ?? '—'}</Table.Td>
                      <Table.Td>{p.publishedAt ? <NoticeProgress id={p.id} /> : '—'}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          {prev ? <Anchor component="button" type="button" onClick={() => setPair({ from: prev.id, to: p.id })}>{t('policies.diffWith', { version: prev.version })}</Anchor> : null}
                          {p.status === 'draft' ? <Button size="xs" onClick={() => setConfirm(p)}>{t('policies.publish')}</Button> : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Text size="sm" mt="sm">
        <Anchor href="/privacy/history" target="_blank">{t('policies.publicHistory')}</Anchor>
      </Text>
      <DiffModal pair={pair} onClose={() => setPair(null)} />
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={t('policies.confirmTitle', { version: confirm?.version ?? '' })}>
        <Stack>
          <Text>{t(confirm?.material ? 'policies.confirmMaterial' : 'policies.confirmBody')}</Text>
          {publish.error ? <QueryError error={publish.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>{t('common.cancel')}</Button>
            <Button loading={publish.isPending} onClick={() => confirm && publish.mutate(confirm.id)}>{t('policies.publish')}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
