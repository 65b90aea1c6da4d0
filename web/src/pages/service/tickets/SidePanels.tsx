import { Anchor, Card, Group, Rating, Select, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatters } from '../../../lib/format';
import { PRIORITIES, STATUSES, type TicketDetail, type TicketPatch } from '../api';
import { SlaBadge, slaState } from '../badges';
import { useAgentOptions, useTeamOptions } from '../hooks';

export function PropertiesCard({ ticket, onChange }: { ticket: TicketDetail; onChange: (patch: TicketPatch) => void }) {
  const { t } = useTranslation();
  const agents = useAgentOptions();
  const teams = useTeamOptions();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} fz="md">
          {t('service.ticket.properties')}
        </Title>
        <Select
          label={t('service.columns.status')}
          data={STATUSES.map((s) => ({ value: s, label: t(`service.status.${s}`) }))}
          value={ticket.status}
          onChange={(v) => {
            const status = STATUSES.find((s) => s === v);
            if (status) onChange({ status });
          }}
          allowDeselect={false}
        />
        <Select
          label={t('service.columns.priority')}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priority.${p}`) }))}
          value={ticket.priority}
          onChange={(v) => {
            const priority = PRIORITIES.find((p) => p === v);
            if (priority) onChange({ priority });
          }}
          allowDeselect={false}
        />
        <Select
          label={t('service.columns.assignee')}
          placeholder={t('service.unassigned')}
          data={agents.options}
          value={ticket.assigneeId}
          onChange={(v) => onChange({ assigneeId: v })}
          clearable
          searchable
        />
        <Select
          label={t('service.columns.team')}
          placeholder={t('service.noTeam')}
          data={teams.options}
          value={ticket.teamId}
          onChange={(v) => onChange({ teamId: v })}
          clearable
        />
        <TagsInput
          label={t('service.columns.tags')}
          value={ticket.tags}
          onChange={(tags) => onChange({ tags })}
          clearable
        />
      </Stack>
    </Card>
  );
}

export function RequesterCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const r = ticket.requester;
  return (
    <Card withBorder>
      <Stack gap={4}>
        <Title order={2} fz="md" mb={4}>
          {t('service.ticket.requester')}
        </Title>
        {r.contactId ? (
          <Anchor component={Link} to={`/contacts/${r.contactId}`} fw={600} fz="sm">
            {r.name ?? r.email}
          </Anchor>
        ) : (
          <Text fw={600} fz="sm">
            {r.name ?? r.email}
          </Text>
        )}
        {r.name && (
          <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
            {r.email}
          </Text>
        )}
        <Text fz="xs" c="dimmed">
          {t('service.ticket.via', { channel: t(`service.channel.${ticket.channel}`) })} ·{' '}
          {t('service.ticket.locale', { locale: ticket.locale.toUpperCase() })}
        </Text>
        {r.contactId && (
          <Anchor component={Link} to={`/contacts/${r.contactId}`} fz="xs">
            {t('service.ticket.openContact')}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

export function SlaPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const s = ticket.sla;
  const row = (label: string, value: string | null, breached: string | null) => (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text fz="sm">{label}</Text>
      <Text fz="sm" fw={breached ? 700 : 400} c={breached ? 'red.9' : undefined} ta="right">
        {value ? fmt.dateTime(value) : '—'}
        {breached ? ` · ${t('service.sla.breached')}` : ''}
      </Text>
    </Group>
  );
  return (
    <Card withBorder data-testid="sla-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} fz="md">
            {t('service.sla.title')}
          </Title>
          {slaState(ticket).kind !== 'none' && <SlaBadge ticket={ticket} />}
        </Group>
        {!s.policyId && !s.firstResponseDueAt ? (
          <Text fz="sm" c="dimmed">
            {t('service.sla.noPolicy')}
          </Text>
        ) : (
          <>
            {row(t('service.sla.firstResponseDue'), s.firstResponseDueAt, s.firstResponseBreachedAt)}
            {row(t('service.sla.firstRespondedAt'), s.firstRespondedAt, null)}
            {row(t('service.sla.resolutionDue'), s.resolutionDueAt, s.resolutionBreachedAt)}
            {s.paused && (
              <Text fz="sm" c="dimmed">
                {t('service.sla.pausedHelp')}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

export function CsatCard({ csat }: { csat: NonNullable<TicketDetail['csat']> }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Card withBorder data-testid="csat-card">
      <Stack gap="xs">
        <Title order={2} fz="md">
          {t('service.csat.title')}
        </Title>
        {csat.rating === null ? (
          <Text fz="sm" c="dimmed">
            {t('service.csat.awaiting')}
          </Text>
        ) : (
          <>
            <Group gap="xs">
              <Rating value={csat.rating} readOnly aria-hidden="true" />
              <Text fz="sm" fw={600}>
                {t('service.csat.rated', { rating: csat.rating })}
              </Text>
            </Group>
            {csat.comment && <Text fz="sm">“{csat.comment}”</Text>}
            <Text fz="xs" c="dimmed">
              {fmt.dateTime(csat.answeredAt)}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
