import { Alert, Button, Group, Modal, Select, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyApiErrors } from '../../../components/crm/formErrors';
import { errorMessage } from '../../../lib/errors';
import { PRIORITIES, serviceApi, useServiceKey, type TicketPriority } from '../api';
import { useAgentOptions, useTeamOptions } from '../hooks';

interface Values {
  requesterEmail: string;
  requesterName: string;
  subject: string;
  body: string;
  priority: TicketPriority;
  tags: string[];
  teamId: string | null;
  assigneeId: string | null;
  _form?: string;
}

/** An agent opens a ticket on a requester's behalf (a phone call, a chat elsewhere). */
export function NewTicketModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const key = useServiceKey();
  const agents = useAgentOptions();
  const teams = useTeamOptions();
  const form = useForm<Values>({
    initialValues: {
      requesterEmail: '',
      requesterName: '',
      subject: '',
      body: '',
      priority: 'normal',
      tags: [],
      teamId: null,
      assigneeId: null,
    },
    validate: {
      requesterEmail: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('service.newTicket.emailInvalid')),
      subject: (v) => (v.trim() ? null : t('service.newTicket.required')),
      body: (v) => (v.trim() ? null : t('service.newTicket.required')),
    },
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      serviceApi.createTicket({
        requesterEmail: v.requesterEmail.trim(),
        ...(v.requesterName.trim() ? { requesterName: v.requesterName.trim() } : {}),
        subject: v.subject.trim(),
        body: v.body,
        priority: v.priority,
        tags: v.tags,
        ...(v.teamId ? { teamId: v.teamId } : {}),
        ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
      }),
    onSuccess: async (ticket) => {
      await client.invalidateQueries({ queryKey: key('tickets') });
      form.reset();
      onClose();
      void navigate(`/service/tickets/${ticket.id}`);
    },
    onError: (error) => {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    },
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={opened}
      onClose={onClose}
      title={t('service.newTicket.title')}
      size="lg"
    >
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm">
          {form.errors._form && (
            <Alert color="red" role="alert">
              {form.errors._form}
            </Alert>
          )}
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              type="email"
              required
              label={t('service.newTicket.email')}
              {...form.getInputProps('requesterEmail')}
            />
            <TextInput label={t('service.newTicket.name')} {...form.getInputProps('requesterName')} />
          </Group>
          <TextInput required label={t('service.columns.subject')} maxLength={300} {...form.getInputProps('subject')} />
          <Textarea required label={t('service.newTicket.body')} autosize minRows={4} {...form.getInputProps('body')} />
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('service.columns.priority')}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`service.priority.${p}`) }))}
              allowDeselect={false}
              {...form.getInputProps('priority')}
            />
            <Select
              label={t('service.columns.team')}
              data={teams.options}
              clearable
              {...form.getInputProps('teamId')}
            />
            <Select
              label={t('service.columns.assignee')}
              data={agents.options}
              clearable
              searchable
              {...form.getInputProps('assigneeId')}
            />
          </Group>
          <TagsInput label={t('service.columns.tags')} {...form.getInputProps('tags')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('service.newTicket.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
