import { ActionIcon, Avatar, Card, Group, Select, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workspace as workspaceApi } from '../../api/endpoints';
import { queryKeys, useMe, useMembers } from '../../api/queries';
import { ROLES, type Member, type Role } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { initials } from '../../components/UserMenu';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { useCurrentWorkspace } from '../../lib/workspace';
import { useRoleOptions } from './roleOptions';

function isRole(value: string | null): value is Role {
  return ROLES.some((r) => r === value);
}

export function MembersTable() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { id, canManage } = useCurrentWorkspace();
  const me = useMe();
  const members = useMembers();
  const roleOptions = useRoleOptions();
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Member | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.scoped(id, 'members') });
  const showError = (error: Error) => notifications.show({ color: 'red', message: errorMessage(t, error) });

  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) => workspaceApi.updateMember(member.id, role),
    onSuccess: async () => {
      notifications.show({ color: 'brand', message: t('settings.members.roleChanged') });
      await refresh();
    },
    onError: showError,
  });
  const remove = useMutation({
    mutationFn: (member: Member) => workspaceApi.removeMember(member.id),
    onSuccess: async () => {
      notifications.show({ message: t('settings.members.removed') });
      setRemoving(null);
      await refresh();
    },
    onError: showError,
  });

  let content;
  if (members.isPending) content = <SectionLoader />;
  else if (members.isError) content = <QueryError error={members.error} onRetry={() => void members.refetch()} />;
  else {
    content = (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.members.name')}</Table.Th>
              <Table.Th>{t('settings.members.role')}</Table.Th>
              <Table.Th>{t('settings.members.joined')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('settings.members.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.data.map((member) => {
              const isSelf = member.userId === me.data?.user.id;
              return (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar color="brand" radius="xl" size={36}>
                        {initials(member.name)}
                      </Avatar>
                      <div>
                        <Text fz="sm" fw={600}>
                          {member.name}
                          {isSelf ? ` (${t('settings.members.you')})` : ''}
                        </Text>
                        <Text fz="xs" c="dimmed">
                          {member.email}
                        </Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('settings.members.roleFor', { name: member.name })}
                      data={roleOptions}
                      value={member.role}
                      allowDeselect={false}
                      disabled={!canManage || isSelf || changeRole.isPending}
                      onChange={(role) => {
                        if (isRole(role) && role !== member.role) changeRole.mutate({ member, role });
                      }}
                      w={190}
                      size="sm"
                    />
                  </Table.Td>
                  <Table.Td>{format.date(member.createdAt)}</Table.Td>
                  <Table.Td ta="right">
                    {canManage && !isSelf ? (
                      <Tooltip label={t('settings.members.removeFor', { name: member.name })}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => setRemoving(member)}
                          aria-label={t('settings.members.removeFor', { name: member.name })}
                        >
                          <IconTrash size={18} aria-hidden="true" />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
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
    <Card component="section" aria-labelledby="members-title">
      <Title order={2} fz="lg" mb="md" id="members-title">
        {t('settings.members.title')}
      </Title>
      {content}
      <ConfirmModal
        opened={removing !== null}
        title={t('settings.members.removeTitle')}
        body={t('settings.members.removeBody', { name: removing?.name ?? '' })}
        confirmLabel={t('common.remove')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}
