import {
  Alert,
  Button,
  CloseButton,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { IconPaperclip, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/queries';
import { notify } from '../../../components/crm/notify';
import { errorCode, errorMessage } from '../../../lib/errors';
import { serviceApi, useServiceKey, type Attachment, type TicketDetail } from '../api';
import { useCanned } from '../hooks';
import { ACCEPTED_TYPES, checkFile, formatBytes, uploadAttachment, type UploadProblem } from './upload';

/** Fills a canned response's variables from the ticket at hand; unknown ones stay as typed. */
export function fillVariables(body: string, ticket: TicketDetail, agentName: string): string {
  const values: Record<string, string> = {
    'requester.name': ticket.requester.name ?? ticket.requester.email,
    'requester.email': ticket.requester.email,
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'agent.name': agentName,
  };
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export function Composer({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = useServiceKey();
  const me = useMe();
  const canned = useCanned();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const internal = mode === 'note';

  const send = useMutation({
    mutationFn: () => serviceApi.reply(ticket.id, { body, internal, attachmentIds: files.map((f) => f.id) }),
    onSuccess: async () => {
      setBody('');
      setFiles([]);
      notify({ color: 'brand', message: internal ? t('service.composer.noteAdded') : t('service.composer.sent') });
      await client.invalidateQueries({ queryKey: key('ticket', ticket.id) });
      await client.invalidateQueries({ queryKey: key('tickets') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  const problemText = (p: UploadProblem, name: string) => t(`service.composer.upload.${p}`, { name });
  const addFiles = async (picked: File[]) => {
    setProblem(null);
    let bytes = files.reduce((s, f) => s + f.size, 0);
    setUploading(true);
    try {
      for (const file of picked) {
        const local = checkFile(file, bytes);
        if (local) {
          setProblem(problemText(local, file.name));
          continue;
        }
        try {
          const uploaded = await uploadAttachment(ticket.id, file);
          bytes += uploaded.size;
          setFiles((prev) => [...prev, uploaded]);
        } catch (error) {
          const code = errorCode(error);
          setProblem(
            code === 'payload_too_large'
              ? problemText('too_large', file.name)
              : code === 'unsupported_media_type'
                ? problemText('unsupported', file.name)
                : errorMessage(t, error),
          );
        }
      }
    } finally {
      setUploading(false);
    }
  };

  const cannedOptions = (canned.data?.data ?? []).map((c) => ({
    value: c.id,
    label: c.shortcut ? `${c.title} (/${c.shortcut})` : c.title,
  }));
  const insertCanned = (id: string | null) => {
    const chosen = canned.data?.data.find((c) => c.id === id);
    if (!chosen) return;
    const text = fillVariables(chosen.body, ticket, me.data?.user.name ?? '');
    setBody((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${text}` : text));
  };

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      bg={internal ? 'yellow.0' : undefined}
      component="form"
      aria-label={t('service.composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) send.mutate();
      }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v === 'note' ? 'note' : 'reply')}
            data={[
              { value: 'reply', label: t('service.composer.reply') },
              { value: 'note', label: t('service.composer.note') },
            ]}
          />
          <Select
            aria-label={t('service.composer.canned')}
            placeholder={t('service.composer.canned')}
            data={cannedOptions}
            value={null}
            onChange={insertCanned}
            searchable
            nothingFoundMessage={t('service.composer.noCanned')}
            w={260}
          />
        </Group>
        <Textarea
          label={
            internal
              ? t('service.composer.noteLabel')
              : t('service.composer.replyLabel', { email: ticket.requester.email })
          }
          description={internal ? t('service.composer.noteHelp') : undefined}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={16}
        />
        {problem && (
          <Alert
            color="red"
            role="alert"
            py="xs"
            withCloseButton
            onClose={() => setProblem(null)}
            closeButtonLabel={t('common.close')}
          >
            {problem}
          </Alert>
        )}
        {files.length > 0 && (
          <Group gap="xs">
            {files.map((f) => (
              <Group key={f.id} gap={4} wrap="nowrap">
                <Text fz="sm">
                  {f.filename} ({formatBytes(f.size)})
                </Text>
                <CloseButton
                  size="sm"
                  aria-label={t('service.composer.removeFile', { name: f.filename })}
                  onClick={() => setFiles((prev) => prev.filter((x) => x.id !== f.id))}
                />
              </Group>
            ))}
          </Group>
        )}
        <Group justify="space-between">
          <FileButton
            onChange={(picked) => void addFiles(picked)}
            multiple
            accept={[...ACCEPTED_TYPES, '.eml'].join(',')}
          >
            {(props) => (
              <Button
                {...props}
                variant="default"
                loading={uploading}
                leftSection={<IconPaperclip size={16} aria-hidden="true" />}
              >
                {t('service.composer.attach')}
              </Button>
            )}
          </FileButton>
          <Button
            type="submit"
            color={internal ? 'yellow.8' : undefined}
            c={internal ? 'dark.9' : undefined}
            loading={send.isPending}
            disabled={!body.trim() || uploading}
            leftSection={<IconSend size={16} aria-hidden="true" />}
          >
            {internal ? t('service.composer.addNote') : t('service.composer.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
