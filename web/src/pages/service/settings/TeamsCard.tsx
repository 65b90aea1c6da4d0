import { Button, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../components/crm/notify';
import { RecordsCard } from '../RecordsCard';
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
  const agents = useAgentOptions();
  return (
    <RecordsCard<Team>
      title={t('service.teams.title')}
      newLabel={t('service.teams.new')}
      query={useTeams()}
      empty={{ icon: IconUsersGroup, title: t('service.teams.empty'), body: t('service.teams.emptyBody') }}
      columns={[
        { label: t('service.teams.name'), cell: (team) => team.name, strong: true },
        {
          label: t('service.teams.members'),
          cell: (team) => <Text fz="sm">{team.memberIds.map((id) => agents.nameOf(id) ?? id).join(', ') || '—'}</Text>,
        },
      ]}
      remove={(id) => serviceApi.teams.remove(id)}
      invalidates={key('teams')}
      deleteTitle={t('service.teams.deleteTitle')}
      deleteBody={(team) => t('service.teams.deleteBody', { name: team.name })}
      editor={(team, onClose) => <TeamModal team={team} onClose={onClose} />}
    />
  );
}
