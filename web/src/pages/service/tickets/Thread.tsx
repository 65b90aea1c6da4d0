import { Anchor, Avatar, Badge, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { readStored, STORAGE_KEYS } from '../../../lib/storage';
import { useFormatters } from '../../../lib/format';
import { serviceApi, type Attachment, type Message } from '../api';
import { useAgentOptions } from '../hooks';
import { formatBytes } from './upload';

/** A link carries no workspace header, so the file is fetched with it and handed over as a blob. */
async function download(ticketId: string, a: Attachment): Promise<void> {
  const workspaceId = readStored(STORAGE_KEYS.workspace);
  const response = await fetch(serviceApi.attachmentUrl(ticketId, a.id), {
    credentials: 'same-origin',
    headers: workspaceId ? { 'X-Workspace-Id': workspaceId } : {},
  });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = a.filename;
  link.click();
  URL.revokeObjectURL(url);
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('');
}

function MessageItem({ ticketId, message }: { ticketId: string; message: Message }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const agents = useAgentOptions();
  const author =
    message.authorName ??
    agents.nameOf(message.authorUserId) ??
    message.authorEmail ??
    t(`service.thread.author.${message.authorType}`);
  const note = message.internal;
  return (
    <Paper
      component="article"
      withBorder
      p="md"
      radius="md"
      data-testid={note ? 'thread-note' : 'thread-reply'}
      aria-label={
        note ? t('service.thread.noteFrom', { name: author }) : t('service.thread.replyFrom', { name: author })
      }
      bg={note ? 'yellow.0' : undefined}
      style={note ? { borderLeft: '4px solid var(--mantine-color-yellow-6)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="xl" size={32} color={message.authorType === 'agent' ? 'brand' : 'gray'} aria-hidden="true">
            {initials(author)}
          </Avatar>
          <div>
            <Text fz="sm" fw={600}>
              {author}
            </Text>
            {message.authorType !== 'system' && (
              <Text fz="xs" c="dimmed">
                {message.channel === 'agent'
                  ? t(`service.thread.author.${message.authorType}`)
                  : `${t(`service.thread.author.${message.authorType}`)} · ${t(`service.channel.${message.channel}`)}`}
              </Text>
            )}
          </div>
        </Group>
        <Stack gap={4} align="flex-end">
          {note ? (
            <Badge color="yellow.3" c="dark.8" radius="sm" leftSection={<IconLock size={12} aria-hidden="true" />}>
              {t('service.thread.internalNote')}
            </Badge>
          ) : message.authorType === 'agent' ? (
            <Badge variant="light" color="gray" c="gray.8" radius="sm">
              {t('service.thread.publicReply')}
            </Badge>
          ) : null}
          <Text fz="xs" c="dimmed">
            <time dateTime={message.createdAt}>{fmt.dateTime(message.createdAt)}</time>
          </Text>
        </Stack>
      </Group>
      <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {message.bodyText}
      </Text>
      {message.attachments.length > 0 && (
        <Group gap="sm" mt="sm">
          {message.attachments.map((a) => (
            <Anchor key={a.id} component="button" type="button" fz="sm" onClick={() => void download(ticketId, a)}>
              <Group gap={4} wrap="nowrap">
                <IconPaperclip size={14} aria-hidden="true" />
                {a.filename} ({formatBytes(a.size)})
              </Group>
            </Anchor>
          ))}
        </Group>
      )}
      {message.deliveryStatus === 'failed' && (
        <Text fz="xs" c="red.9" mt="xs">
          {t('service.thread.deliveryFailed')}
        </Text>
      )}
    </Paper>
  );
}

export function Thread({ ticketId, messages }: { ticketId: string; messages: Message[] }) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-label={t('service.thread.label')}>
      <Stack gap="sm" data-testid="thread">
        {messages.map((m) => (
          <MessageItem key={m.id} ticketId={ticketId} message={m} />
        ))}
      </Stack>
    </Box>
  );
}
