import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMembers } from '../../../api/queries';
import { useCustomFields } from '../../crm/api/queries';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../../lib/workspace';
import { formsApi, useForm, useFormsKey, type FormDef } from './api';
import { EmbedCode } from './EmbedCode';
import { FormEditor } from './FormEditor';
import { SubmissionsTable } from './SubmissionsTable';

function WorkspaceBuilder({ form }: { form: FormDef }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const workspace = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const key = useFormsKey();
  const members = useMembers();
  const custom = useCustomFields('contact');
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: () => formsApi.remove(form.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key('list') });
      void navigate('/marketing/forms');
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const save = async (input: Parameters<typeof formsApi.update>[1]) => {
    const saved = await formsApi.update(form.id, input);
    queryClient.setQueryData(key('one', form.id), saved);
    await queryClient.invalidateQueries({ queryKey: key('list') });
  };
  return (
    <>
      <FormEditor
        form={form}
        save={save}
        onDelete={() => setDeleting(true)}
        back={{ to: '/marketing/forms', label: t('forms.back') }}
        owners={(members.data?.data ?? []).map((m) => ({ value: m.userId, label: `${m.name} <${m.email}>` }))}
        customFields={(custom.data?.data ?? []).map((c) => ({ key: c.key, label: c.label }))}
        extraTabs={[
          { value: 'embed', label: t('forms.tabs.embed'), panel: <EmbedCode form={form} workspaceId={workspace.id} /> },
          { value: 'submissions', label: t('forms.tabs.submissions'), panel: <SubmissionsTable formId={form.id} /> },
        ]}
      />
      <ConfirmModal opened={deleting} title={t('forms.deleteTitle')} body={t('forms.deleteBody')} confirmLabel={t('forms.delete')} loading={remove.isPending} onConfirm={() => remove.mutate()} onClose={() => setDeleting(false)} />
    </>
  );
}

export function FormBuilderPage() {
  const { id = '' } = useParams();
  const form = useForm(id);
  if (form.isPending) return <SectionLoader />;
  if (form.isError) return <QueryError error={form.error} onRetry={() => void form.refetch()} />;
  return <WorkspaceBuilder form={form.data} />;
}
