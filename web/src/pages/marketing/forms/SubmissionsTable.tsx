import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { useFormatters } from '../../../lib/format';
import { useSubmissions } from './api';

export function SubmissionsTable({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const subs = useSubmissions(formId);
  if (subs.isPending) return <SectionLoader />;
  if (subs.isError) return <QueryError error={subs.error} onRetry={() => void subs.refetch()} />;
  if (subs.data.data.length === 0) return <Text c="dimmed">{t('forms.submissions.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('forms.submissions.when')}</Table.Th>
            <Table.Th>{t('forms.submissions.email')}</Table.Th>
            <Table.Th>{t('forms.submissions.consents')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {subs.data.data.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{fmt.dateTime(s.createdAt)}</Table.Td>
              <Table.Td>
                {s.contactId ? (
                  <Anchor component={Link} to={`/contacts/${s.contactId}`} aria-label={`${t('forms.submissions.contact')}: ${s.email ?? ''}`}>
                    {s.email ?? '—'}
                  </Anchor>
                ) : (s.email ?? '—')}
              </Table.Td>
              <Table.Td>{s.consents.filter((c) => c.granted).map((c) => t(`forms.consents.purposes.${c.purpose as 'marketing'}`)).join(', ') || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
