import { Alert, Anchor, Badge, Button, Card, Drawer, Grid, Group, Stack, Title } from '@mantine/core';
import { IconLock, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ActivityComposer } from '../../../components/crm/ActivityComposer';
import { CustomFieldValue } from '../../../components/crm/CustomFieldInput';
import { DuplicatesPanel } from '../../../components/crm/DuplicatesPanel';
import { DetailList, RecordHeader } from '../../../components/crm/RecordHeader';
import { useRecordName } from '../../../components/crm/RecordSelect';
import { Timeline } from '../../../components/crm/Timeline';
import { QueryError } from '../../../components/Loaders';
import { errorMessage } from '../../../lib/errors';
import { useFormatters } from '../../../lib/format';
import { contactsApi } from '../api/endpoints';
import { useCanWrite, useCrmKey, useCustomFields, useMemberDirectory } from '../api/queries';
import type { Contact } from '../api/types';
import { RecordPageSkeleton } from '../RecordPageSkeleton';
import { ContactForm } from './ContactForm';
import { RestrictionButton } from '../../privacy/RestrictionButton';
import { LifecycleBadge } from './LifecycleBadge';
import { notify } from '../../../components/crm/notify';

function ContactDetails({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const members = useMemberDirectory();
  const companyName = useRecordName('company', contact.companyId);
  const customFields = useCustomFields('contact');
  const place = [contact.address.city, contact.address.region, contact.address.country].filter(Boolean).join(', ');
  return (
    <Card>
      <Title order={2} fz="md" mb="md">
        {t('crm.record.details')}
      </Title>
      <DetailList
        items={[
          {
            label: t('crm.fields.email'),
            value: contact.email ? (
              <Anchor fz="sm" href={`mailto:${contact.email}`}>
                {contact.email}
              </Anchor>
            ) : null,
          },
          {
            label: t('crm.fields.phone'),
            value: contact.phone ? (
              <Anchor fz="sm" href={`tel:${contact.phone}`}>
                {contact.phone}
              </Anchor>
            ) : null,
          },
          {
            label: t('crm.fields.company'),
            value: contact.companyId ? (
              <Anchor fz="sm" component={Link} to={`/companies/${contact.companyId}`}>
                {companyName ?? '…'}
              </Anchor>
            ) : null,
          },
          { label: t('crm.fields.ownerId'), value: members.name(contact.ownerId) },
          { label: t('crm.fields.address'), value: place },
          { label: t('crm.fields.source'), value: contact.source },
          { label: t('crm.fields.tags'), value: contact.tags.join(', ') },
          ...(customFields.data?.data ?? []).map((field) => ({
            label: field.label,
            value: <CustomFieldValue field={field} value={contact.customFields[field.key]} />,
          })),
          { label: t('crm.fields.createdAt'), value: format.dateTime(contact.createdAt) },
        ]}
      />
    </Card>
  );
}

export function ContactPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const key = useCrmKey();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const contact = useQuery({ queryKey: key('contact', 'record', id), queryFn: () => contactsApi.get(id) });
  const companyName = useRecordName('company', contact.data?.companyId);
  const remove = useMutation({
    mutationFn: () => contactsApi.remove(id),
    onSuccess: async () => {
      notify({ message: t('crm.contacts.deleted') });
      await queryClient.invalidateQueries({ queryKey: key('contact') });
      await navigate('/contacts');
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });

  if (contact.isPending) return <RecordPageSkeleton />;
  if (contact.isError) return <QueryError error={contact.error} onRetry={() => void contact.refetch()} />;
  const record = contact.data;
  const writable = canWrite && !record.restricted;
  const subtitle = [record.title, companyName].filter(Boolean).join(' · ');

  return (
    <>
      <RecordHeader
        title={record.name}
        subtitle={subtitle || undefined}
        back={{ to: '/contacts', label: t('crm.contacts.title') }}
        badges={
          <>
            <LifecycleBadge stage={record.lifecycleStage} size="md" />
            {record.restricted ? (
              <Badge
                color="orange"
                c="orange.9"
                variant="light"
                size="md"
                leftSection={<IconLock size={12} aria-hidden="true" />}
              >
                {t('crm.restricted')}
              </Badge>
            ) : null}
          </>
        }
        actions={
          <Group gap="sm">
            <RestrictionButton contactId={record.id} restricted={record.restricted} />
            {writable ? (
              <>
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} aria-hidden="true" />}
                  onClick={() => setEditing(true)}
                >
                  {t('crm.edit')}
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden="true" />}
                  onClick={() => setDeleting(true)}
                >
                  {t('crm.delete')}
                </Button>
              </>
            ) : null}
          </Group>
        }
      />
      {record.restricted ? (
        <Alert color="orange" icon={<IconLock aria-hidden="true" />} mb="lg">
          {t('crm.restrictedBody')}
        </Alert>
      ) : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <ContactDetails contact={record} />
            <DuplicatesPanel object="contact" id={record.id} canMerge={writable} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {writable ? <ActivityComposer link={{ contactId: record.id }} /> : null}
            <Timeline objectType="contact" objectId={record.id} readOnly={!writable} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('crm.contacts.edit')}
        position="right"
        size="lg"
      >
        <ContactForm
          contact={record}
          submitLabel={t('common.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const updated = await contactsApi.update(record.id, input);
            queryClient.setQueryData(key('contact', 'record', id), updated);
            await queryClient.invalidateQueries({ queryKey: key('contact') });
            await queryClient.invalidateQueries({ queryKey: key('timeline') });
            notify({ message: t('common.saved') });
            setEditing(false);
          }}
        />
      </Drawer>
      <ConfirmModal
        opened={deleting}
        title={t('crm.contacts.deleteTitle')}
        body={t('crm.contacts.deleteBody', { name: record.name })}
        confirmLabel={t('crm.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}
