import { ActionIcon, Badge, Button, Card, Group, Select, Table, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconForms, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../../../components/crm/EmptyState';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import { formsApi, starterForm, useForms, useFormsKey, type FormKind } from './api';

function NewForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useFormsKey();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FormKind>('web_to_lead');
  const create = useMutation({
    mutationFn: () => formsApi.create(starterForm(name.trim(), kind)),
    onSuccess: async (form) => {
      await queryClient.invalidateQueries({ queryKey: key('list') });
      void navigate(`/marketing/forms/${form.id}`);
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  return (
    <Card withBorder mb="lg" component="form" onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate(); }}>
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('forms.newName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} />
        <Select
          label={t('forms.kind')}
          value={kind}
          onChange={(v) => setKind(v === 'demo_request' ? 'demo_request' : 'web_to_lead')}
          data={[{ value: 'web_to_lead', label: t('forms.kinds.web_to_lead') }, { value: 'demo_request', label: t('forms.kinds.demo_request') }]}
          allowDeselect={false}
        />
        <Button type="submit" leftSection={<IconPlus size={16} aria-hidden="true" />} loading={create.isPending} disabled={!name.trim()}>
          {t('forms.create')}
        </Button>
      </Group>
    </Card>
  );
}

export function FormsListPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const forms = useForms();
  let content;
  if (forms.isPending) content = <SectionLoader />;
  else if (forms.isError) content = <QueryError error={forms.error} onRetry={() => void forms.refetch()} />;
  else if (forms.data.data.length === 0) content = <EmptyState icon={IconForms} title={t('forms.empty')} body={t('forms.emptyBody')} />;
  else {
    content = (
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('forms.columns.name')}</Table.Th>
              <Table.Th>{t('forms.columns.kind')}</Table.Th>
              <Table.Th>{t('forms.columns.status')}</Table.Th>
              <Table.Th>{t('forms.columns.updated')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('forms.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {forms.data.data.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td fw={600}>
                  <Link to={`/marketing/forms/${f.id}`}>{f.name}</Link>
                </Table.Td>
                <Table.Td>{t(`forms.kinds.${f.kind}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={f.status === 'published' ? 'green.9' : 'gray.7'}>{t(`forms.statuses.${f.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{fmt.dateTime(f.updatedAt)}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={t('forms.open', { name: f.name })}>
                    <ActionIcon component={Link} to={`/marketing/forms/${f.id}`} variant="subtle" color="gray.7" aria-label={t('forms.open', { name: f.name })}>
                      <IconPencil size={18} aria-hidden="true" />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <>
      <PageHeader title={t('forms.title')} subtitle={t('forms.subtitle')} />
      <NewForm />
      {content}
    </>
  );
}
