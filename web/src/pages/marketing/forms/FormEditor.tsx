import { Anchor, Button, Card, Group, MultiSelect, Select, SimpleGrid, Stack, Switch, Tabs, Text, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notify } from '../../../components/crm/notify';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import type { FormDef, FormInput } from './api';
import { ConsentsEditor } from './ConsentsEditor';
import { FieldsEditor } from './FieldsEditor';
import { FormPreview } from './FormPreview';

type Draft = Omit<FormDef, 'id' | 'hostedUrl' | 'createdAt' | 'updatedAt'>;

const toDraft = (f: FormDef): Draft => ({ name: f.name, kind: f.kind, status: f.status, fields: f.fields, consents: f.consents, ownerPool: f.ownerPool, ageGate: f.ageGate });
const toInput = (d: Draft): FormInput => ({ ...d, consents: d.consents.map(({ key, purpose, text }) => ({ key, purpose, text })) });

export interface FormEditorProps {
  form: FormDef;
  save: (input: FormInput) => Promise<unknown>;
  /** Absent: the form cannot be deleted (the operator's demo form). */
  onDelete?: () => void;
  back: { to: string; label: string };
  owners: { value: string; label: string }[];
  /** Only a workspace's forms change kind; the demo form stays a demo-request form. */
  fixedKind?: boolean;
  extraTabs?: { value: string; label: string; panel: ReactNode }[];
  /** The workspace's contact custom fields an answer may fill (none on the operator's form). */
  customFields?: { key: string; label: string }[];
}

/** The builder shared by a workspace's forms and the operator's demo form. */
export function FormEditor({ form, save, onDelete, back, owners, fixedKind, extraTabs = [], customFields = [] }: FormEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => toDraft(form));
  useEffect(() => setDraft(toDraft(form)), [form]);
  const saving = useMutation({
    mutationFn: () => save(toInput(draft)),
    onSuccess: () => notify({ color: 'green', message: t('forms.saved') }),
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const errors = saving.isError ? fieldErrors(saving.error) : {};

  return (
    <>
      <PageHeader
        title={draft.name || form.name}
        actions={
          <Group>
            <Anchor component={Link} to={back.to}>{back.label}</Anchor>
            {onDelete ? (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden="true" />} onClick={onDelete}>{t('forms.delete')}</Button>
            ) : null}
            <Button leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />} loading={saving.isPending} onClick={() => saving.mutate()}>{t('forms.save')}</Button>
          </Group>
        }
      />
      {saving.isError && !Object.keys(errors).length ? <Text c="red" role="alert" mb="md">{errorMessage(t, saving.error)}</Text> : null}
      <Tabs defaultValue="build" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="build">{t('forms.tabs.build')}</Tabs.Tab>
          <Tabs.Tab value="preview">{t('forms.tabs.preview')}</Tabs.Tab>
          {extraTabs.map((x) => <Tabs.Tab key={x.value} value={x.value}>{x.label}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="build">
          <Stack gap="xl">
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput label={t('forms.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} error={errors.name} required />
                <Select label={t('forms.kind')} value={draft.kind} disabled={fixedKind} allowDeselect={false} onChange={(v) => v && setDraft({ ...draft, kind: v })} data={(['web_to_lead', 'demo_request'] as const).map((k) => ({ value: k, label: t(`forms.kinds.${k}`) }))} />
                <Select label={t('forms.status')} value={draft.status} allowDeselect={false} onChange={(v) => v && setDraft({ ...draft, status: v })} data={(['draft', 'published', 'archived'] as const).map((s) => ({ value: s, label: t(`forms.statuses.${s}`) }))} description={t('forms.publishHint')} />
              </SimpleGrid>
              <MultiSelect mt="sm" label={t('forms.owners')} description={t('forms.ownersHint')} data={owners} value={draft.ownerPool} onChange={(ownerPool) => setDraft({ ...draft, ownerPool })} searchable error={Object.entries(errors).find(([k]) => k.startsWith('ownerPool'))?.[1]} />
              <Switch mt="md" label={t('forms.ageGate')} description={t('forms.ageGateHint')} checked={draft.ageGate} onChange={(e) => setDraft({ ...draft, ageGate: e.currentTarget.checked })} />
            </Card>
            <FieldsEditor fields={draft.fields} onChange={(fields) => setDraft({ ...draft, fields })} errors={errors} customFields={customFields} />
            <ConsentsEditor consents={draft.consents} onChange={(consents) => setDraft({ ...draft, consents })} errors={errors} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="preview">
          <FormPreview fields={draft.fields} consents={draft.consents} ageGate={draft.ageGate} />
        </Tabs.Panel>
        {extraTabs.map((x) => <Tabs.Panel key={x.value} value={x.value}>{x.panel}</Tabs.Panel>)}
      </Tabs>
    </>
  );
}
