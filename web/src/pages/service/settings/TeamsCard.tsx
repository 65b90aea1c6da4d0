import {
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { EmptyState } from '../../../components/crm/EmptyState';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { serviceApi, useServiceKey, type Team } from '../api';
import { useAgentOptions, useTeams } from '../hooks';

function TeamModal({ team, onClose }: { team: Team | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const agents = useAgentOptions();
  const [name, setName] = useState(team === 'new' ? '' : team.name);
  const [memberIds, setMemberIds] = useState<string[]>(team === 'new' ? [] : team.memberIds);
  const save = useMutation({
    mutationFn: () =>
      team === 'new'
        ? serviceApi.teams.create({ name, memberIds })
        : serviceApi.teams.update(team.id, { name, memberIds }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('teams') });
      notify({ color: 'brand', message: t('service.settings.saved') });
      onClose();
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={team === 'new' ? t('service.teams.new') : t('service.teams.edit')}
    >
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <TextInput
          label={t('service.teams.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-autofocus
        />
        <MultiSelect
          label={t('service.teams.members')}
          data={agents.options}
          value={memberIds}
          onChange={setMemberIds}
          searchable
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function TeamsCard() {
  const { t } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const teams = useTeams();
  const agents = useAgentOptions();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [removing, setRemoving] = useState<Team | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => serviceApi.teams.remove(id),
    onSuccess: async () => {
      setRemoving(null);
      await client.invalidateQueries({ queryKey: key('teams') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  let content;
  if (teams.isPending) content = <SectionLoader />;
  else if (teams.isError) content = <QueryError error={teams.error} onRetry={() => void teams.refetch()} />;
  else if (teams.data.data.length === 0)
    content = (
      <EmptyState compact icon={IconUsersGroup} title={t('service.teams.empty')} body={t('service.teams.emptyBody')} />
    );
  else
    content = (
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('service.teams.name')}</Table.Th>
            <Table.Th>{t('service.teams.members')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('service.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {teams.data.data.map((team) => (
            <Table.Tr key={team.id}>
              <Table.Td fw={600}>{team.name}</Table.Td>
              <Table.Td>
                <Text fz="sm">{team.memberIds.map((id) => agents.nameOf(id) ?? id).join(', ') || '—'}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setEditing(team)}>
                    {t('service.edit')}
                  </Button>
                  <Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => setRemoving(team)}>
                    {t('service.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {t('service.teams.title')}
        </Title>
        <Button size="sm" onClick={() => setEditing('new')}>
          {t('service.teams.new')}
        </Button>
      </Group>
      {content}
      {editing && <TeamModal team={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={removing !== null}
        title={t('service.teams.deleteTitle')}
        body={t('service.teams.deleteBody', { name: removing?.name ?? '' })}
        confirmLabel={t('service.delete')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}
