import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { serviceApi, useServiceKey, type TicketDetail, type TicketPatch } from '../api';
import { PriorityBadge, SlaBadge, StatusBadge, slaState } from '../badges';
import { Composer } from './Composer';
import { CsatCard, PropertiesCard, RequesterCard, SlaPanel } from './SidePanels';
import { TicketActions } from './TicketActions';
import { Thread } from './Thread';

function Subject({ ticket, onSave }: { ticket: TicketDetail; onSave: (subject: string) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  if (editing === null) {
    return (
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Title order={1} fz={24} style={{ overflowWrap: 'anywhere' }}>
          {ticket.subject}
        </Title>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('service.ticket.editSubject')}
          onClick={() => setEditing(ticket.subject)}
          mt={4}
        >
          <IconPencil size={18} aria-hidden="true" />
        </ActionIcon>
      </Group>
    );
  }
  const save = () => {
    const value = editing.trim();
    if (value && value !== ticket.subject) onSave(value);
    setEditing(null);
  };
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <VisuallyHidden>
        <Title order={1}>{ticket.subject}</Title>
      </VisuallyHidden>
      <TextInput
        aria-label={t('service.columns.subject')}
        value={editing}
        onChange={(e) => setEditing(e.currentTarget.value)}
        maxLength={300}
        w={{ base: '100%', sm: 480 }}
        data-autofocus
        autoFocus
      />
      <ActionIcon type="submit" variant="filled" aria-label={t('common.save')} size="lg">
        <IconCheck size={18} aria-hidden="true" />
      </ActionIcon>
      <ActionIcon variant="default" aria-label={t('common.cancel')} size="lg" onClick={() => setEditing(null)}>
        <IconX size={18} aria-hidden="true" />
      </ActionIcon>
    </Group>
  );
}

export function TicketPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const key = useServiceKey();
  const client = useQueryClient();
  const ticket = useQuery({
    queryKey: key('ticket', id),
    queryFn: () => serviceApi.ticket(id),
    refetchInterval: 30_000,
  });
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject} · Kodepos` : 'Kodepos');
  const update = useMutation({
    mutationFn: (patch: TicketPatch) => serviceApi.updateTicket(id, patch),
    onSuccess: async (saved) => {
      client.setQueryData<TicketDetail>(key('ticket', id), (prev) => (prev ? { ...prev, ...saved } : prev));
      notify({ color: 'brand', message: t('service.ticket.saved') });
      await client.invalidateQueries({ queryKey: key('tickets') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  if (ticket.isPending) return <SectionLoader />;
  if (ticket.isError) return <QueryError error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const tk = ticket.data;
  return (
    <>
      <Breadcrumbs mb="sm" aria-label={t('service.ticket.breadcrumb')}>
        <Anchor component={Link} to="/service/tickets" fz="sm">
          {t('service.inbox.title')}
        </Anchor>
        <Text fz="sm">#{tk.number}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap" gap="sm">
        <Stack gap={6} style={{ flex: 1, minWidth: 260 }}>
          <Subject ticket={tk} onSave={(subject) => update.mutate({ subject })} />
          <Group gap="xs">
            <Text fz="sm" ff="monospace" c="dimmed">
              #{tk.number}
            </Text>
            <StatusBadge status={tk.status} />
            <PriorityBadge priority={tk.priority} />
            {slaState(tk).kind !== 'none' && <SlaBadge ticket={tk} />}
            {tk.tags.map((tag) => (
              <Text key={tag} fz="xs" c="dimmed">
                #{tag}
              </Text>
            ))}
          </Group>
        </Stack>
        <Group gap="xs">
          {tk.status !== 'solved' && tk.status !== 'closed' && (
            <Button variant="default" onClick={() => update.mutate({ status: 'solved' })} loading={update.isPending}>
              {t('service.ticket.markSolved')}
            </Button>
          )}
          <TicketActions ticket={tk} />
        </Group>
      </Group>
      {tk.mergedIntoId && (
        <Alert color="blue" mb="md">
          <Anchor component={Link} to={`/service/tickets/${tk.mergedIntoId}`}>
            {t('service.ticket.merged')}
          </Anchor>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Thread ticketId={tk.id} messages={tk.messages} />
            {!tk.mergedIntoId && <Composer ticket={tk} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <RequesterCard ticket={tk} />
            <PropertiesCard ticket={tk} onChange={(patch) => update.mutate(patch)} />
            <SlaPanel ticket={tk} />
            {tk.csat && <CsatCard csat={tk.csat} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
