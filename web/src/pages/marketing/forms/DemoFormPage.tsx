import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import type { FormDef, FormInput } from './api';
import { FormEditor } from './FormEditor';

const KEY = ['platform', 'demo-form'];

/** The operator's "Request a demo" form (/demo): its fields, consent wording and the operators who get the requests. */
export function DemoFormPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useQuery({ queryKey: KEY, queryFn: () => api<FormDef>('/api/v1/platform/demo-form') });
  const operators = useQuery({ queryKey: ['platform', 'officers'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/api/v1/privacy/officers?scope=platform') });
  if (form.isPending) return <SectionLoader />;
  if (form.isError) return <QueryError error={form.error} onRetry={() => void form.refetch()} />;
  const save = async (input: FormInput) => {
    const { kind: _kind, ...rest } = input;
    queryClient.setQueryData(KEY, await api<FormDef>('/api/v1/platform/demo-form', { method: 'PATCH', body: rest }));
  };
  return (
    <FormEditor
      form={form.data}
      save={save}
      fixedKind
      back={{ to: '/platform/demo-requests', label: t('forms.demo.title') }}
      owners={(operators.data?.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}
