import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notify } from '../../../components/crm/notify';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { Markdown } from '../../governance/policies/Markdown';
import { serviceApi, useServiceKey, type ArticleInput, type KbArticle } from '../api';
import { slugify, useKbCategories } from './CategoriesCard';
import { ArticleStatus } from './KbPage';

type Locale = 'en' | 'id';

function Editor({
  article,
  seed,
}: {
  article: KbArticle | null;
  seed: { groupId?: string; locale: Locale; categoryId: string | null };
}) {
  const { t, i18n } = useTranslation();
  const key = useServiceKey();
  const client = useQueryClient();
  const navigate = useNavigate();
  const categories = useKbCategories();
  const [title, setTitle] = useState(article?.title ?? '');
  const [slug, setSlug] = useState(article?.slug ?? '');
  const [body, setBody] = useState(article?.bodyMarkdown ?? '');
  const [locale, setLocale] = useState<Locale>(article?.locale ?? seed.locale);
  const [categoryId, setCategoryId] = useState<string | null>(article?.categoryId ?? seed.categoryId);
  const [deleting, setDeleting] = useState(false);
  const other = article?.translations?.[0];
  const otherLocale: Locale = locale === 'en' ? 'id' : 'en';

  const done = async (saved: KbArticle, message: string) => {
    client.setQueryData(key('kb-article', saved.id), saved);
    await client.invalidateQueries({ queryKey: key('kb-articles') });
    notify({ color: 'brand', message });
    if (!article) void navigate(`/service/kb/articles/${saved.id}`, { replace: true });
  };
  const onError = (error: unknown) => notify({ color: 'red', message: errorMessage(t, error) });
  // Language and group are fixed once the article exists: the server takes them on creation only.
  const input = (): ArticleInput => ({
    title: title.trim(),
    slug: slug || slugify(title),
    bodyMarkdown: body,
    categoryId,
    ...(article ? {} : { locale, ...(seed.groupId ? { groupId: seed.groupId } : {}) }),
  });
  const save = useMutation({
    mutationFn: () => (article ? serviceApi.updateArticle(article.id, input()) : serviceApi.createArticle(input())),
    onSuccess: (saved) => done(saved, t('service.kb.saved')),
    onError,
  });
  const setStatus = useMutation({
    mutationFn: (status: 'draft' | 'published') =>
      article
        ? serviceApi.updateArticle(article.id, { ...input(), status })
        : serviceApi.createArticle({ ...input(), status }),
    onSuccess: (saved) =>
      done(saved, saved.status === 'published' ? t('service.kb.publishedNow') : t('service.kb.unpublishedNow')),
    onError,
  });
  const remove = useMutation({
    mutationFn: () => serviceApi.deleteArticle(article?.id ?? ''),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('kb-articles') });
      void navigate('/service/kb');
    },
    onError,
  });
  const ready = title.trim() !== '' && body.trim() !== '';
  const categoryOptions = (categories.data?.data ?? []).map((c) => ({
    value: c.id,
    label: i18n.resolvedLanguage === 'id' ? c.nameId : c.nameEn,
  }));

  return (
    <>
      <Breadcrumbs mb="sm" aria-label={t('service.ticket.breadcrumb')}>
        <Anchor component={Link} to="/service/kb" fz="sm">
          {t('service.kb.title')}
        </Anchor>
        <Text fz="sm">{article?.title ?? t('service.kb.newArticle')}</Text>
      </Breadcrumbs>
      <PageHeader
        title={article ? article.title : t('service.kb.newArticle')}
        actions={
          <Group gap="xs">
            {article && <ArticleStatus status={article.status} />}
            <Button variant="default" onClick={() => save.mutate()} loading={save.isPending} disabled={!ready}>
              {t('service.kb.saveDraft')}
            </Button>
            {article?.status === 'published' ? (
              <Button
                variant="default"
                color="red"
                onClick={() => setStatus.mutate('draft')}
                loading={setStatus.isPending}
              >
                {t('service.kb.unpublish')}
              </Button>
            ) : (
              <Button onClick={() => setStatus.mutate('published')} loading={setStatus.isPending} disabled={!ready}>
                {t('service.kb.publish')}
              </Button>
            )}
          </Group>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <TextInput
              label={t('service.kb.articleTitle')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              required
              maxLength={200}
            />
            <Tabs defaultValue="write">
              <Tabs.List>
                <Tabs.Tab value="write">{t('service.kb.write')}</Tabs.Tab>
                <Tabs.Tab value="preview">{t('service.kb.preview')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="write" pt="sm">
                <Textarea
                  label={t('service.kb.body')}
                  description={t('service.kb.markdownHelp')}
                  value={body}
                  onChange={(e) => setBody(e.currentTarget.value)}
                  autosize
                  minRows={14}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              </Tabs.Panel>
              <Tabs.Panel value="preview" pt="sm">
                <Card withBorder data-testid="kb-preview">
                  {body.trim() ? (
                    <Markdown source={body} />
                  ) : (
                    <Text c="dimmed">{t('service.kb.nothingToPreview')}</Text>
                  )}
                </Card>
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} fz="md">
                {t('service.kb.details')}
              </Title>
              <Select
                label={t('service.kb.language')}
                data={[
                  { value: 'en', label: 'English' },
                  { value: 'id', label: 'Bahasa Indonesia' },
                ]}
                value={locale}
                onChange={(v) => setLocale(v === 'id' ? 'id' : 'en')}
                allowDeselect={false}
                disabled={article !== null}
              />
              <Select
                label={t('service.kb.category')}
                data={categoryOptions}
                value={categoryId}
                onChange={setCategoryId}
                clearable
              />
              <TextInput
                label={t('service.kb.slug')}
                value={slug}
                placeholder={slugify(title)}
                onChange={(e) => setSlug(slugify(e.currentTarget.value))}
              />
              {article && (
                <Stack gap={4}>
                  <Text fz="sm" fw={600}>
                    {t('service.kb.translation')}
                  </Text>
                  {other ? (
                    <Anchor component={Link} to={`/service/kb/articles/${other.id}`} fz="sm">
                      {t('service.kb.openTranslation', { locale: other.locale.toUpperCase(), title: other.slug })}
                    </Anchor>
                  ) : (
                    <Anchor
                      component={Link}
                      to={`/service/kb/articles/new?groupId=${encodeURIComponent(article.groupId)}&locale=${otherLocale}${article.categoryId ? `&categoryId=${encodeURIComponent(article.categoryId)}` : ''}`}
                      fz="sm"
                    >
                      {t(`service.kb.addTranslation.${otherLocale}`)}
                    </Anchor>
                  )}
                </Stack>
              )}
              {article && (
                <Button variant="subtle" color="red" c="red.9" onClick={() => setDeleting(true)}>
                  {t('service.kb.deleteArticle')}
                </Button>
              )}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={deleting}
        title={t('service.kb.deleteArticle')}
        body={t('service.kb.deleteArticleBody')}
        confirmLabel={t('service.delete')}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}

export function ArticleEditorPage() {
  const { id = 'new' } = useParams();
  const [params] = useSearchParams();
  const key = useServiceKey();
  const article = useQuery({
    queryKey: key('kb-article', id),
    queryFn: () => serviceApi.kbArticle(id),
    enabled: id !== 'new',
  });
  const seed = {
    groupId: params.get('groupId') ?? undefined,
    locale: params.get('locale') === 'id' ? ('id' as const) : ('en' as const),
    categoryId: params.get('categoryId'),
  };
  if (id === 'new') return <Editor key={`new-${seed.groupId ?? ''}-${seed.locale}`} article={null} seed={seed} />;
  if (article.isPending) return <SectionLoader />;
  if (article.isError) return <QueryError error={article.error} onRetry={() => void article.refetch()} />;
  return <Editor key={article.data.id} article={article.data} seed={seed} />;
}
