import { Badge, Button, Card, Group, Select, Table, TextInput } from '@mantine/core';
import { IconMail, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../../components/crm/EmptyState';
import { notify } from '../../components/crm/notify';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import {
  CATEGORIES,
  marketingApi,
  useCampaigns,
  audienceInput,
  useAudiences,
  useMarketingKey,
  type Category,
  type CampaignStatus,
} from './api';
import { SettingsCard } from './SettingsCard';

export const STATUS_COLOR: Record<CampaignStatus, string> = {
  draft: 'gray.7',
  scheduled: 'blue.8',
  sending: 'orange.9',
  paused: 'yellow.9',
  failed: 'red.8',
  sent: 'green.9',
};

const STARTER_HTML =
  '<h1>Hello {{firstName}}</h1>\n<p>Write your message here.</p>\n<p><a href="https://example.com">Read more</a></p>';

function NewCampaign() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const key = useMarketingKey();
  const audiences = useAudiences();
  const [name, setName] = useState('');
  const [category, setCategory] = useState<Category>('product_update');
  const [audience, setAudience] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      marketingApi.create({
        name: name.trim(),
        subject: name.trim(),
        html: STARTER_HTML,
        category,
        ...audienceInput(audience),
      }),
    onSuccess: async (c) => {
      await client.invalidateQueries({ queryKey: key('campaigns') });
      void navigate(`/marketing/campaigns/${c.id}`);
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  const ready = name.trim() !== '' && audience !== null;
  return (
    <Card
      withBorder
      mb="lg"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) create.mutate();
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('marketing.fields.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={200}
        />
        <Select
          label={t('marketing.fields.category')}
          value={category}
          onChange={(v) =>
            setCategory((CATEGORIES as readonly string[]).includes(v ?? '') ? (v as Category) : 'product_update')
          }
          data={CATEGORIES.map((c) => ({ value: c, label: t(`marketing.categories.${c}`) }))}
          allowDeselect={false}
        />
        <Select label={t('marketing.fields.list')} value={audience} onChange={setAudience} data={audiences} required />
        <Button
          type="submit"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          loading={create.isPending}
          disabled={!ready}
        >
          {t('marketing.campaigns.create')}
        </Button>
      </Group>
    </Card>
  );
}

export function CampaignsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const campaigns = useCampaigns();
  let content;
  if (campaigns.isPending) content = <SectionLoader />;
  else if (campaigns.isError) content = <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />;
  else if (campaigns.data.data.length === 0)
    content = (
      <EmptyState icon={IconMail} title={t('marketing.campaigns.empty')} body={t('marketing.campaigns.emptyBody')} />
    );
  else {
    content = (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('marketing.campaigns.columns.name')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.columns.category')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.columns.status')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.columns.progress')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.columns.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaigns.data.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td fw={600}>
                  <Link
                    to={`/marketing/campaigns/${c.id}`}
                    aria-label={t('marketing.campaigns.open', { name: c.name })}
                  >
                    {c.name}
                  </Link>
                </Table.Td>
                <Table.Td>{t(`marketing.categories.${c.category}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLOR[c.status]}>
                    {t(`marketing.statuses.${c.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.progress.sent} / {c.progress.skipped}
                </Table.Td>
                <Table.Td>{fmt.dateTime(c.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <>
      <PageHeader title={t('marketing.campaigns.title')} subtitle={t('marketing.campaigns.subtitle')} />
      <NewCampaign />
      {content}
      <SettingsCard />
    </>
  );
}
