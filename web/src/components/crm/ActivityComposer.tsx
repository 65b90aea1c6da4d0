import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { activitiesApi } from '../../pages/crm/api/endpoints';
import { useCrmKey, useMemberDirectory } from '../../pages/crm/api/queries';
import { ACTIVITY_TYPES, type ActivityInput, type ActivityType } from '../../pages/crm/api/types';
import { applyApiErrors, orNull } from './formErrors';
import { notify } from './notify';

interface Values {
  type: ActivityType;
  subject: string;
  body: string;
  dueAt: string;
  assigneeId: string | null;
  reminderAt: string;
  durationMinutes: number | string;
  outcome: string;
}

/** `datetime-local` gives local wall time without a zone; the API wants an instant. */
function toInstant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export interface ActivityLink {
  contactId?: string;
  companyId?: string;
  dealId?: string;
}

/** Adds a note, task, call or meeting to a record; the timeline refreshes when it is saved. */
export function ActivityComposer({ link }: { link: ActivityLink }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const { options: members } = useMemberDirectory();
  const form = useForm<Values>({
    initialValues: {
      type: 'note',
      subject: '',
      body: '',
      dueAt: '',
      assigneeId: null,
      reminderAt: '',
      durationMinutes: '',
      outcome: '',
    },
    validate: {
      subject: (v) => (v.trim() ? null : t('common.validation.required')),
      reminderAt: (v, values) => (v && values.dueAt && v > values.dueAt ? t('crm.activities.reminderAfterDue') : null),
    },
  });
  const type = form.values.type;
  const submit = form.onSubmit(async (values) => {
    const input: ActivityInput = {
      type: values.type,
      subject: values.subject.trim(),
      body: orNull(values.body),
      ...link,
    };
    if (type === 'task' || type === 'meeting') input.dueAt = toInstant(values.dueAt);
    if (type === 'task') {
      input.assigneeId = values.assigneeId;
      input.reminderAt = toInstant(values.reminderAt);
    }
    if ((type === 'call' || type === 'meeting') && typeof values.durationMinutes === 'number') {
      input.durationMinutes = values.durationMinutes;
    }
    if (type === 'call') input.outcome = orNull(values.outcome);
    try {
      await activitiesApi.create(input);
      notify({ message: t('crm.activities.added', { type: t(`crm.activityTypes.${type}`) }) });
      form.setValues({ subject: '', body: '', dueAt: '', reminderAt: '', durationMinutes: '', outcome: '' });
      form.resetDirty();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: key('timeline') }),
        queryClient.invalidateQueries({ queryKey: key('activities') }),
      ]);
    } catch (error) {
      if (!applyApiErrors(form, error)) form.setErrors({ _form: errorMessage(t, error) });
    }
  });

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('crm.activities.typeLabel')}
            data={ACTIVITY_TYPES.map((value) => ({ value, label: t(`crm.activityTypes.${value}`) }))}
            {...form.getInputProps('type')}
          />
          {form.errors._form ? (
            <Alert color="red" role="alert">
              {form.errors._form}
            </Alert>
          ) : null}
          <TextInput
            label={t('crm.activities.subject')}
            placeholder={t(`crm.activities.subjectPlaceholder.${type}`)}
            required
            {...form.getInputProps('subject')}
          />
          <Textarea label={t('crm.activities.body')} autosize minRows={2} maxRows={8} {...form.getInputProps('body')} />
          {type === 'task' || type === 'meeting' ? (
            <SimpleGrid cols={{ base: 1, sm: type === 'task' ? 3 : 2 }}>
              <TextInput
                type="datetime-local"
                label={type === 'task' ? t('crm.activities.dueAt') : t('crm.activities.startsAt')}
                {...form.getInputProps('dueAt')}
              />
              {type === 'task' ? (
                <>
                  <Select
                    label={t('crm.activities.assignee')}
                    data={members}
                    clearable
                    searchable
                    {...form.getInputProps('assigneeId')}
                  />
                  <TextInput
                    type="datetime-local"
                    label={t('crm.activities.reminderAt')}
                    {...form.getInputProps('reminderAt')}
                  />
                </>
              ) : (
                <NumberInput
                  label={t('crm.activities.duration')}
                  min={0}
                  max={1440}
                  {...form.getInputProps('durationMinutes')}
                />
              )}
            </SimpleGrid>
          ) : null}
          {type === 'call' ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('crm.activities.duration')}
                min={0}
                max={1440}
                {...form.getInputProps('durationMinutes')}
              />
              <TextInput label={t('crm.activities.outcome')} {...form.getInputProps('outcome')} />
            </SimpleGrid>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>
              {t('crm.activities.add', { type: t(`crm.activityTypes.${type}`) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
