import { Anchor, Badge, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { usePrivacyAccess, usePrivacyScope } from '../../privacy/hooks';
import { protectionDashboardApi } from './api';

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text fz={28} fw={700} c={value > 0 ? color : undefined}>{value}</Text>
    </Card>
  );
}

/** For privacy officers: open requests and deadlines, the next retention run and what it touches, consent rates. */
export function ProtectionDashboardPage() {
  const { t } = useTranslation();
  const access = usePrivacyAccess();
  const [scope, setScope] = usePrivacyScope();
  const fmt = useFormatters();
  const q = useQuery({ queryKey: ['protection-dashboard', scope], queryFn: () => protectionDashboardApi.get(scope), enabled: access.workspace || access.platform });
  const suffix = scope === 'platform' ? '?scope=platform' : '';
  const d = q.data;
  if (!access.workspace && !access.platform) {
    return (
      <>
        <PageHeader title={t('dataProtection.title')} />
        <Card>
          <Text>{t('common.errors.forbidden')}</Text>
        </Card>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('dataProtection.title')} subtitle={t('dataProtection.subtitle')} />
      {access.workspace && access.platform ? (
        <SegmentedControl mb="md" value={scope} onChange={(v) => setScope(v === 'platform' ? 'platform' : 'workspace')} data={[{ value: 'workspace', label: t('privacy.scopes.workspace') }, { value: 'platform', label: t('privacy.scopes.platform') }]} />
      ) : null}
      {q.error ? <QueryError error={q.error} /> : null}
      {!d ? (
        q.isLoading ? <SectionLoader /> : null
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3, lg: 5 }}>
            <Figure label={t('dataProtection.requests.open')} value={d.requests.open} />
            <Figure label={t('dataProtection.requests.dueSoon')} value={d.requests.dueSoon} color="orange" />
            <Figure label={t('dataProtection.requests.overdue')} value={d.requests.overdue} color="red" />
            <Figure label={t('dataProtection.breaches.open')} value={d.breaches.open} color="orange" />
            <Figure label={t('dataProtection.breaches.overdue')} value={d.breaches.overdue} color="red" />
          </SimpleGrid>
          <Card withBorder>
            <Title order={4} mb="sm">{t('dataProtection.requests.title')}</Title>
            {d.requests.next.length === 0 ? (
              <Text c="dimmed">{t('dataProtection.requests.none')}</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dataProtection.requests.type')}</Table.Th>
                    <Table.Th>{t('dataProtection.requests.status')}</Table.Th>
                    <Table.Th>{t('dataProtection.requests.due')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.requests.next.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td><Anchor component={Link} to={`/privacy/requests/${r.id}${suffix}`}>{r.type}</Anchor></Table.Td>
                      <Table.Td>{r.status}</Table.Td>
                      <Table.Td>
                        <Group gap="xs">
                          {fmt.dateTime(r.dueAt)}
                          {r.dueAt < d.generatedAt ? <Badge color="red">{t('dataProtection.requests.overdueBadge')}</Badge> : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          {d.retention ? (
            <Card withBorder>
              <Title order={4}>{t('dataProtection.retention.title')}</Title>
              <Text size="sm" c="dimmed" mb="sm">{t('dataProtection.retention.nextRun', { at: fmt.dateTime(d.retention.nextRunAt) })}</Text>
              {d.retention.actions.length === 0 ? (
                <Text c="dimmed">{t('dataProtection.retention.nothing')}</Text>
              ) : (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('dataProtection.retention.table')}</Table.Th>
                      <Table.Th>{t('dataProtection.retention.action')}</Table.Th>
                      <Table.Th ta="right">{t('dataProtection.retention.rows')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.retention.actions.map((a) => (
                      <Table.Tr key={`${a.table}:${a.action}`}>
                        <Table.Td><code>{a.table}</code></Table.Td>
                        <Table.Td>{t(`dataProtection.retention.actions.${a.action}`, { defaultValue: a.action })}</Table.Td>
                        <Table.Td ta="right">{a.rows}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          ) : null}
          <Card withBorder>
            <Title order={4}>{t('dataProtection.consent.title')}</Title>
            <Text size="sm" c="dimmed" mb="sm">{t('dataProtection.consent.window', { days: d.consent.windowDays })}</Text>
            {d.consent.purposes.length === 0 ? (
              <Text c="dimmed">{t('dataProtection.consent.none')}</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dataProtection.consent.purpose')}</Table.Th>
                    <Table.Th ta="right">{t('dataProtection.consent.granted')}</Table.Th>
                    <Table.Th ta="right">{t('dataProtection.consent.denied')}</Table.Th>
                    <Table.Th ta="right">{t('dataProtection.consent.rate')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.consent.purposes.map((p) => (
                    <Table.Tr key={p.purpose}>
                      <Table.Td>{p.purpose}</Table.Td>
                      <Table.Td ta="right">{p.granted}</Table.Td>
                      <Table.Td ta="right">{p.denied}</Table.Td>
                      <Table.Td ta="right">{p.rate === null ? '–' : `${Math.round(p.rate * 100)}%`}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Stack>
      )}
    </>
  );
}
