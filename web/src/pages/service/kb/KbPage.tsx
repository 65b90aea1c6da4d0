import { Anchor, Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBook, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/crm/EmptyState';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { useFormatters } from '../../../lib/format';
import { useUrlParams } from '../../../lib/searchParams';
import { serviceApi, useServiceKey } from '../api';
import { CategoriesCard, useKbCategories } from './CategoriesCard';

export function ArticleStatus({ status }: { status: 'draft' | 'published' }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      radius="sm"
      color={status === 'published' ? 'cyan' : 'gray'}
      c={status === 'published' ? 'cyan.9' : 'gray.8'}
    >
      {t(`service.kb.status.${status}`)}
    </Badge>
  );
}

/** Knowledge-base admin: categories, and the articles with their status and language. */
export function KbPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const key = useServiceKey();
  const [params, setParams] = useUrlParams();
  const categories = useKbCategories();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParams({ q: debounced || null });
  }, [debounced, params, setParams]);
  const filters = { status: params.get('status'), locale: params.get('locale'), q: params.get('q') };
  const articles = useQuery({ queryKey: key('kb-articles', filters), queryFn: () => serviceApi.kbArticles(filters) });
  const categoryName = (id: string | null) => {
    const c = categories.data?.data.find((x) => x.id === id);
    return c ? (i18n.resolvedLanguage === 'id' ? c.nameId : c.nameEn) : '—';
  };

  let content;
  if (articles.isPending) content = <SectionLoader />;
  else if (articles.isError) content = <QueryError error={articles.error} onRetry={() => void articles.refetch()} />;
  else if (articles.data.data.length === 0)
    content = <EmptyState icon={IconBook} title={t('service.kb.noArticles')} body={t('service.kb.noArticlesBody')} />;
  else
    content = (
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="kb-articles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('service.kb.articleTitle')}</Table.Th>
              <Table.Th>{t('service.kb.language')}</Table.Th>
              <Table.Th>{t('service.kb.category')}</Table.Th>
              <Table.Th>{t('service.kb.statusLabel')}</Table.Th>
              <Table.Th>{t('service.kb.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {articles.data.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/service/kb/articles/${a.id}`} fw={600} fz="sm">
                    {a.title}
                  </Anchor>
                  <Text fz="xs" c="dimmed" ff="monospace">
                    {a.slug}
                  </Text>
                </Table.Td>
                <Table.Td>{a.locale.toUpperCase()}</Table.Td>
                <Table.Td>{categoryName(a.categoryId)}</Table.Td>
                <Table.Td>
                  <ArticleStatus status={a.status} />
                </Table.Td>
                <Table.Td>{fmt.dateTime(a.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <>
      <PageHeader
        title={t('service.kb.title')}
        subtitle={t('service.kb.subtitle')}
        actions={
          <Button
            component={Link}
            to="/service/kb/articles/new"
            leftSection={<IconPlus size={16} aria-hidden="true" />}
          >
            {t('service.kb.newArticle')}
          </Button>
        }
      />
      <CategoriesCard />
      <Group align="flex-end" mb="md" gap="sm" wrap="wrap">
        <TextInput
          label={t('service.inbox.search')}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
        />
        <Select
          label={t('service.kb.statusLabel')}
          placeholder={t('service.inbox.any')}
          data={[
            { value: 'draft', label: t('service.kb.status.draft') },
            { value: 'published', label: t('service.kb.status.published') },
          ]}
          value={params.get('status')}
          onChange={(v) => setParams({ status: v })}
          clearable
          w={180}
        />
        <Select
          label={t('service.kb.language')}
          placeholder={t('service.inbox.any')}
          data={[
            { value: 'en', label: 'English' },
            { value: 'id', label: 'Bahasa Indonesia' },
          ]}
          value={params.get('locale')}
          onChange={(v) => setParams({ locale: v })}
          clearable
          w={200}
        />
      </Group>
      {content}
    </>
  );
}
