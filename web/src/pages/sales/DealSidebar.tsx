import { Anchor, Card, Progress, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DetailList } from '../../components/crm/RecordHeader';
import { CustomFieldValue } from '../../components/crm/CustomFieldInput';
import { formatMoney } from '../../components/crm/money';
import { useRecordName } from '../../components/crm/RecordSelect';
import { useFormatters } from '../../lib/format';
import { dealsApi } from '../crm/api/endpoints';
import { useCrmKey, useCustomFields, useMemberDirectory } from '../crm/api/queries';
import type { Deal, Stage } from '../crm/api/types';

function ContactLink({ id }: { id: string }) {
  const name = useRecordName('contact', id);
  return (
    <Anchor component={Link} to={`/contacts/${id}`} fz="sm">
      {name ?? '…'}
    </Anchor>
  );
}

export function DealDetails({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { name } = useMemberDirectory();
  const company = useRecordName('company', deal.companyId);
  const customFields = useCustomFields('deal');
  return (
    <Card>
      <Title order={2} fz="md" mb="md">
        {t('crm.record.details')}
      </Title>
      <Stack gap={4} mb="md">
        <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
          {t('sales.fields.probability')}
        </Text>
        <Progress value={deal.probability} aria-label={t('sales.fields.probability')} />
        <Text fz="sm">{deal.probability}%</Text>
      </Stack>
      <DetailList
        items={[
          { label: t('sales.fields.amount'), value: formatMoney(deal.amount, deal.currency) },
          {
            label: t('sales.fields.weighted'),
            value: formatMoney((deal.amount * deal.probability) / 100, deal.currency),
          },
          {
            label: t('sales.fields.expectedCloseDate'),
            value: deal.expectedCloseDate ? format.date(deal.expectedCloseDate) : null,
          },
          { label: t('sales.fields.owner'), value: name(deal.ownerId) },
          {
            label: t('sales.fields.company'),
            value: deal.companyId ? (
              <Anchor component={Link} to={`/companies/${deal.companyId}`} fz="sm">
                {company ?? '…'}
              </Anchor>
            ) : null,
          },
          {
            label: t('sales.fields.contacts'),
            value: deal.contactIds.length ? (
              <Stack gap={2} component="span">
                {deal.contactIds.map((id) => (
                  <ContactLink key={id} id={id} />
                ))}
              </Stack>
            ) : null,
          },
          { label: t('sales.fields.tags'), value: deal.tags.join(', ') },
          ...(customFields.data?.data ?? []).map((field) => ({
            label: field.label,
            value: <CustomFieldValue field={field} value={deal.customFields[field.key]} />,
          })),
          { label: t('crm.fields.createdAt'), value: format.dateTime(deal.createdAt) },
        ]}
      />
    </Card>
  );
}

/** When the deal entered each stage. */
export function StageHistory({ deal, stages }: { deal: Deal; stages: Stage[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { name } = useMemberDirectory();
  const key = useCrmKey();
  const history = useQuery({
    queryKey: key('deal', 'stageHistory', deal.id),
    queryFn: () => dealsApi.stageHistory(deal.id),
  });
  const stageName = (id: string | null) => stages.find((s) => s.id === id)?.name ?? '—';
  const rows = [...(history.data?.data ?? [])].reverse();
  return (
    <Card>
      <Title order={2} fz="md" mb="md">
        {t('sales.deal.stageHistory')}
      </Title>
      {rows.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('sales.deal.noHistory')}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} active={0}>
          {rows.map((row) => (
            <Timeline.Item
              key={row.id}
              title={
                <Text fz="sm" fw={600}>
                  {stageName(row.toStageId)}
                </Text>
              }
            >
              <Text fz="xs" c="dimmed">
                {format.dateTime(row.changedAt)}
                {row.changedBy ? ` · ${name(row.changedBy) ?? ''}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
