import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconBriefcase, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/crm/EmptyState';
import { formatMoney } from '../../../components/crm/money';
import { SectionLoader } from '../../../components/Loaders';
import { companiesApi, dealsApi } from '../api/endpoints';
import { useCrmKey } from '../api/queries';

/** People who work at the company. */
export function CompanyContacts({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const contacts = useQuery({
    queryKey: key('contact', 'byCompany', companyId),
    queryFn: () => companiesApi.contacts(companyId),
  });
  const list = contacts.data?.data ?? [];
  return (
    <Card>
      <Title order={2} fz="md" mb="md">
        {t('crm.companies.people', { count: list.length })}
      </Title>
      {contacts.isPending ? (
        <SectionLoader />
      ) : list.length === 0 ? (
        <EmptyState compact icon={IconUsers} title={t('crm.companies.noPeople')} />
      ) : (
        <Stack gap="xs">
          {list.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={`/contacts/${c.id}`} fz="sm" fw={600} truncate>
                {c.name}
              </Anchor>
              <Text fz="xs" c="dimmed" truncate>
                {c.title ?? ''}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** The company's deals, with their stage and value. */
export function CompanyDeals({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const deals = useQuery({
    queryKey: key('deal', 'byCompany', companyId),
    queryFn: () => dealsApi.list({ filters: [{ field: 'companyId', op: 'eq', value: companyId }] }, undefined, 100),
  });
  const list = deals.data?.data ?? [];
  return (
    <Card>
      <Title order={2} fz="md" mb="md">
        {t('sales.deals.title')}
      </Title>
      {deals.isPending ? (
        <SectionLoader />
      ) : list.length === 0 ? (
        <EmptyState compact icon={IconBriefcase} title={t('sales.deals.noneForCompany')} />
      ) : (
        <Stack gap="xs">
          {list.map((d) => (
            <Group key={d.id} justify="space-between" wrap="nowrap">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/deals/${d.id}`} fz="sm" fw={600} truncate>
                  {d.name}
                </Anchor>
                <Text fz="xs" c="dimmed">
                  {d.stageName}
                </Text>
              </Stack>
              <Text fz="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(d.amount, d.currency)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
