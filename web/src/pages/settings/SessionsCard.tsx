import { Badge, Button, Card, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceDesktop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { account } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { errorMessage } from '../../lib/errors';
import { describeUserAgent, useFormatters } from '../../lib/format';

export function SessionsCard() {
  const { t } = useTranslation();
  const format = useFormatters();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: queryKeys.sessions, queryFn: account.sessions });
  const revoke = useMutation({
    mutationFn: account.revokeSession,
    onSuccess: async () => {
      notifications.show({ message: t('settings.sessions.revoked') });
      await queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });

  let content;
  if (sessions.isPending) content = <SectionLoader />;
  else if (sessions.isError) content = <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />;
  else {
    const rows = [...sessions.data.data].sort((a, b) => Number(b.current) - Number(a.current));
    content = (
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.sessions.device')}</Table.Th>
              <Table.Th>{t('settings.sessions.ip')}</Table.Th>
              <Table.Th>{t('settings.sessions.created')}</Table.Th>
              <Table.Th>{t('settings.sessions.lastSeen')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('settings.members.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((session) => {
              const device = describeUserAgent(session.userAgent) ?? t('settings.sessions.unknownDevice');
              return (
                <Table.Tr key={session.id}>
                  <Table.Td>
                    <Text fz="sm" fw={500} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                      <IconDeviceDesktop size={18} aria-hidden="true" />
                      {device}
                      {session.current ? (
                        <Badge size="sm" variant="light">
                          {t('settings.sessions.current')}
                        </Badge>
                      ) : null}
                    </Text>
                  </Table.Td>
                  <Table.Td>{session.ipTruncated ?? '—'}</Table.Td>
                  <Table.Td>{format.dateTime(session.createdAt)}</Table.Td>
                  <Table.Td>{format.dateTime(session.lastSeenAt)}</Table.Td>
                  <Table.Td ta="right">
                    {session.current ? null : (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={revoke.isPending && revoke.variables === session.id}
                        onClick={() => revoke.mutate(session.id)}
                        aria-label={t('settings.sessions.revokeLabel', { device })}
                      >
                        {t('common.revoke')}
                      </Button>
                    )}
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
    <Card component="section" aria-labelledby="sessions-title">
      <Title order={2} fz="lg" id="sessions-title">
        {t('settings.sessions.title')}
      </Title>
      <Text c="dimmed" fz="sm" mt={4} mb="md">
        {t('settings.sessions.description')}
      </Text>
      {content}
    </Card>
  );
}
