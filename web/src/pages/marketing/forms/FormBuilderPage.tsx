import { Anchor, Button, Card, Group, MultiSelect, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMembers } from '../../../api/queries';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { formsApi, useForm, useFormsKey, type FormDef, type FormInput } from './api';
import { ConsentsEditor } from './ConsentsEditor';
import { EmbedCode } from './EmbedCode';
import { FieldsEditor } from './FieldsEditor';
import { FormPreview } from './FormPreview';
import { SubmissionsTable } from './SubmissionsTable';

type Draft = Omit<FormDef, 'id' | 'hostedUrl' | 'createdAt' | 'updatedAt'>;

const toDraft = (f: FormDef): Draft => ({ name: f.name, kind: f.kind, status: f.status, fields: f.fields, consents: f.consents, ownerPool: f.ownerPool });
const toInput = (d: Draft): FormInput => ({ ...d, consents: d.consents.map(({ key, purpose, text }) => ({ key, purpose, text })) });

function Builder({ form }: { form: FormDef }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const workspace = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const key = useFormsKey();
  const members = useMembers();
  const [draft, setDraft] = useState<Draft>(() => toDraft(form));
  const [deleting, setDeleting] = useState(false);
  useEffect(() => setDraft(toDraft(form)), [form]);
  const save = useMutation({
    mutationFn: () => formsApi.update(form.id, toInput(draft)),
    onSuccess: async (saved) => {
      queryClient.setQueryData(key('one', form.id), saved);
      await queryClient.invalidateQueries({ queryKey: key('list') });
      notify({ color: 'green', message: t('forms.saved') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const remove = useMutation({
    mutationFn: () => formsApi.remove(form.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key('list') });
      void navigate('/marketing/forms');
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const errors = save.isError ? fieldErrors(save.error) : {};
  const memberOptions = (members.data?.data ?? []).map((m) => ({ value: m.userId, label: `${m.name} <${m.email}>` }));

  return (
    <>
      <PageHeader
        title={draft.name || form.name}
        actions={
          <Group>
            <Anchor component={Link} to="/marketing/forms">{t('forms.back')}</Anchor>
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden="true" />} onClick={() => setDeleting(true)}>{t('forms.delete')}</Button>
            <Button leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />} loading={save.isPending} onClick={() => save.mutate()}>{t('forms.save')}</Button>
          </Group>
        }
      />
      <Tabs defaultValue="build" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="build">{t('forms.tabs.build')}</Tabs.Tab>
          <Tabs.Tab value="preview">{t('forms.tabs.preview')}</Tabs.Tab>
          <Tabs.Tab value="embed">{t('forms.tabs.embed')}</Tabs.Tab>
          <Tabs.Tab value="submissions">{t('forms.tabs.submissions')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="build">
          <Stack gap="xl">
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput label={t('forms.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} error={errors['name']} required />
                <Select label={t('forms.kind')} value={draft.kind} allowDeselect={false} onChange={(v) => v && setDraft({ ...draft, kind: v })} data={(['web_to_lead', 'demo_request'] as const).map((k) => ({ value: k, label: t(`forms.kinds.${k}`) }))} />
                <Select label={t('forms.status')} value={draft.status} allowDeselect={false} onChange={(v) => v && setDraft({ ...draft, status: v })} data={(['draft', 'published', 'archived'] as const).map((s) => ({ value: s, label: t(`forms.statuses.${s}`) }))} description={t('forms.publishHint')} />
              </SimpleGrid>
              <MultiSelect mt="sm" label={t('forms.owners')} description={t('forms.ownersHint')} data={memberOptions} value={draft.ownerPool} onChange={(ownerPool) => setDraft({ ...draft, ownerPool })} searchable error={Object.entries(errors).find(([k]) => k.startsWith('ownerPool'))?.[1]} />
            </Card>
            <FieldsEditor fields={draft.fields} onChange={(fields) => setDraft({ ...draft, fields })} errors={errors} />
            <ConsentsEditor consents={draft.consents} onChange={(consents) => setDraft({ ...draft, consents })} errors={errors} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="preview">
          <FormPreview fields={draft.fields} consents={draft.consents} />
        </Tabs.Panel>
        <Tabs.Panel value="embed">
          <EmbedCode form={form} workspaceId={workspace.id} />
        </Tabs.Panel>
        <Tabs.Panel value="submissions">
          <SubmissionsTable formId={form.id} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal opened={deleting} title={t('forms.deleteTitle')} body={t('forms.deleteBody')} confirmLabel={t('forms.delete')} loading={remove.isPending} onConfirm={() => remove.mutate()} onClose={() => setDeleting(false)} />
      {save.isError && !Object.keys(errors).length ? <Text c="red" role="alert">{errorMessage(t, save.error)}</Text> : null}
    </>
  );
}

export function FormBuilderPage() {
  const { id = '' } = useParams();
  const form = useForm(id);
  if (form.isPending) return <SectionLoader />;
  if (form.isError) return <QueryError error={form.error} onRetry={() => void form.refetch()} />;
  return <Builder form={form.data} />;
}
