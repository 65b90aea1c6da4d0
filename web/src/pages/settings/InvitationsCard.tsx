import { ActionIcon, Badge, Card, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workspace as workspaceApi } from '../../api/endpoints';
import { queryKeys, useInvitations } from '../../api/queries';
import type { Invitation } from '../../api/types';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { useCurrentWorkspace } from '../../lib/workspace';

type Status = 'pending' | 'accepted' | 'expired';

function statusOf(invitation: Invitation, now: number): Status {
  if (invitation.acceptedAt) return 'accepted';
  return Date.parse(invitation.expiresAt) < now ? 'expired' : 'pending';
}

const STATUS_COLOR: Record<Status, string> = { pending: 'blue', accepted: 'brand', expired: 'gray' };

export function InvitationsCard() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { id } = useCurrentWorkspace();
  const invitations = useInvitations();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: workspaceApi.revokeInvitation,
    onSuccess: async () => {
      notifications.show({ message: t('settings.invitations.revoked') });
      await queryClient.invalidateQueries({ queryKey: queryKeys.scoped(id, 'invitations') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });

  let content;
  if (invitations.isPending) content = <SectionLoader />;
  else if (invitations.isError) {
    content = <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />;
  } else if (invitations.data.data.length === 0) {
    content = (
      <Text c="dimmed" fz="sm" py="md">
        {t('settings.invitations.empty')}
      </Text>
    );
  } else {
    const now = Date.now();
    content = (
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.invitations.email')}</Table.Th>
              <Table.Th>{t('settings.invitations.role')}</Table.Th>
              <Table.Th>{t('settings.invitations.status')}</Table.Th>
              <Table.Th>{t('settings.invitations.expires')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('settings.members.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.data.map((invitation) => {
              const status = statusOf(invitation, now);
              const label = t('settings.invitations.revokeFor', { email: invitation.email });
              return (
                <Table.Tr key={invitation.id}>
                  <Table.Td fw={500}>{invitation.email}</Table.Td>
                  <Table.Td>{t(`common.roles.${invitation.role}`)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOR[status]}>
                      {t(`settings.invitations.${status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{format.date(invitation.expiresAt)}</Table.Td>
                  <Table.Td ta="right">
                    {status === 'pending' ? (
                      <Tooltip label={label}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={label}
                          loading={revoke.isPending && revoke.variables === invitation.id}
                          onClick={() => revoke.mutate(invitation.id)}
                        >
                          <IconX size={18} aria-hidden="true" />
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
    <Card component="section" aria-labelledby="invitations-title">
      <Title order={2} fz="lg" mb="md" id="invitations-title">
        {t('settings.invitations.title')}
      </Title>
      {content}
    </Card>
  );
}
