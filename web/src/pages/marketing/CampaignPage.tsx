import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { notify } from '../../components/crm/notify';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import {
  CATEGORIES,
  marketingApi,
  useCampaign,
  audienceInput,
  audienceOf,
  useAudiences,
  useMarketingKey,
  useTemplates,
  type Campaign,
  type Category,
} from './api';
import { CampaignReport } from './CampaignReport';
import { STATUS_COLOR } from './CampaignsPage';

/** What the preview shows for the variables; the real values are filled in per recipient when sending. */
function sample(html: string, name: string): string {
  return html
    .replace(/\{\{\s*(firstName|name)\s*\}\}/g, name)
    .replace(/\{\{\s*lastName\s*\}\}/g, '')
    .replace(/\{\{\s*email\s*\}\}/g, 'ani@example.com');
}

function Editor({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const client = useQueryClient();
  const key = useMarketingKey();
  const audiences = useAudiences();
  const templates = useTemplates();
  const [subject, setSubject] = useState(campaign.subject);
  const [html, setHtml] = useState(campaign.html);
  const [category, setCategory] = useState<Category>(campaign.category);
  const [audience, setAudience] = useState<string | null>(audienceOf(campaign));
  const [at, setAt] = useState('');
  useEffect(() => {
    setSubject(campaign.subject);
    setHtml(campaign.html);
    setCategory(campaign.category);
    setAudience(audienceOf(campaign));
  }, [campaign]);
  const draft = campaign.status === 'draft';
  const done = (message: string) => async (c: Campaign) => {
    client.setQueryData(key('campaign', c.id), c);
    await client.invalidateQueries({ queryKey: key('campaigns') });
    notify({ color: 'brand', message });
  };
  const onError = (error: unknown) => notify({ color: 'red', message: errorMessage(t, error) });
  const dirty =
    subject !== campaign.subject ||
    html !== campaign.html ||
    category !== campaign.category ||
    audience !== audienceOf(campaign);
  const save = useMutation({
    mutationFn: () => marketingApi.update(campaign.id, { subject, html, category, ...audienceInput(audience) }),
    onSuccess: done(t('marketing.editor.saved')),
    onError,
  });
  const send = useMutation({
    mutationFn: async (scheduledAt?: string) => {
      if (dirty) await marketingApi.update(campaign.id, { subject, html, category, ...audienceInput(audience) });
      return marketingApi.send(campaign.id, scheduledAt);
    },
    onSuccess: (c) =>
      done(c.status === 'scheduled' ? t('marketing.editor.scheduled') : t('marketing.editor.sending'))(c),
    onError,
  });
  const pause = useMutation({
    mutationFn: () => marketingApi.pause(campaign.id),
    onSuccess: done(t('marketing.editor.paused')),
    onError,
  });
  const resume = useMutation({
    mutationFn: () => marketingApi.resume(campaign.id),
    // Paused before its scheduled time, a campaign goes back to waiting for that time.
    onSuccess: (c) =>
      done(c.status === 'scheduled' ? t('marketing.editor.scheduled') : t('marketing.editor.resumed'))(c),
    onError,
  });
  const test = useMutation({
    mutationFn: () => marketingApi.testSend(campaign.id),
    onSuccess: (r) => notify({ color: 'brand', message: t('marketing.editor.testSent', { email: r.sentTo }) }),
    onError,
  });
  const saveTemplate = useMutation({
    mutationFn: () => marketingApi.createTemplate({ name: campaign.name, subject, html }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: key('templates') });
      notify({ color: 'brand', message: t('marketing.editor.templateSaved') });
    },
    onError,
  });
  const applyTemplate = (id: string | null) => {
    const tpl = templates.data?.data.find((x) => x.id === id);
    if (!tpl) return;
    setSubject(tpl.subject);
    setHtml(tpl.html);
  };
  const p = campaign.progress;
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Badge size="lg" variant="light" color={STATUS_COLOR[campaign.status]} data-testid="campaign-status">
          {t(`marketing.statuses.${campaign.status}`)}
        </Badge>
        {campaign.status === 'scheduled' && (
          <Text fz="sm">{t('marketing.editor.scheduledFor', { at: fmt.dateTime(campaign.scheduledAt) })}</Text>
        )}
        {campaign.recipientsTotal !== null && (
          <Text fz="sm" data-testid="campaign-progress">
            {t('marketing.editor.progress', {
              sent: p.sent,
              skipped: p.skipped,
              queued: p.queued,
              bounced: p.bounced,
              total: campaign.recipientsTotal,
            })}
          </Text>
        )}
      </Group>
      {campaign.status === 'failed' && (
        <Alert color="red" title={t('marketing.editor.failedTitle')} data-testid="campaign-failure">
          <Text fz="sm">{t('marketing.editor.failedHelp')}</Text>
          {campaign.failureReason && <Code block>{campaign.failureReason}</Code>}
        </Alert>
      )}
      {!draft && <Alert color="gray">{t('marketing.editor.locked')}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <Stack gap="sm">
              {draft && (templates.data?.data.length ?? 0) > 0 && (
                <Select
                  label={t('marketing.editor.template')}
                  placeholder={t('marketing.editor.templatePlaceholder')}
                  value={null}
                  onChange={applyTemplate}
                  data={(templates.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                />
              )}
              <TextInput
                label={t('marketing.fields.subject')}
                value={subject}
                onChange={(e) => setSubject(e.currentTarget.value)}
                disabled={!draft}
                required
                maxLength={300}
              />
              <Text fz="xs" c="dimmed">
                {t('marketing.fields.subjectHelp')} <Code>{'{{firstName}} {{lastName}} {{name}} {{email}}'}</Code>
              </Text>
              <Select
                label={t('marketing.fields.category')}
                value={category}
                onChange={(v) =>
                  setCategory((CATEGORIES as readonly string[]).includes(v ?? '') ? (v as Category) : category)
                }
                data={CATEGORIES.map((c) => ({ value: c, label: t(`marketing.categories.${c}`) }))}
                allowDeselect={false}
                disabled={!draft}
              />
              <Select
                label={t('marketing.fields.list')}
                value={audience}
                onChange={setAudience}
                data={audiences}
                disabled={!draft}
              />
              <Textarea
                label={t('marketing.fields.html')}
                description={t('marketing.fields.htmlHelp')}
                value={html}
                onChange={(e) => setHtml(e.currentTarget.value)}
                disabled={!draft}
                autosize
                minRows={10}
                maxRows={24}
                styles={{ input: { fontFamily: 'monospace' } }}
              />
              <Group>
                {draft && (
                  <>
                    <Button variant="default" onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
                      {t('marketing.editor.save')}
                    </Button>
                    <Button onClick={() => send.mutate(undefined)} loading={send.isPending} disabled={!audience}>
                      {t('marketing.editor.sendNow')}
                    </Button>
                  </>
                )}
                <Button variant="subtle" onClick={() => test.mutate()} loading={test.isPending}>
                  {t('marketing.editor.testSend')}
                </Button>
                <Button variant="subtle" onClick={() => saveTemplate.mutate()} loading={saveTemplate.isPending}>
                  {t('marketing.editor.saveTemplate')}
                </Button>
                {(campaign.status === 'sending' || campaign.status === 'scheduled') && (
                  <Button variant="default" onClick={() => pause.mutate()} loading={pause.isPending}>
                    {t('marketing.editor.pause')}
                  </Button>
                )}
                {(campaign.status === 'paused' || campaign.status === 'failed') && (
                  <Button onClick={() => resume.mutate()} loading={resume.isPending}>
                    {t('marketing.editor.resume')}
                  </Button>
                )}
              </Group>
              {(draft || campaign.status === 'scheduled') && (
                <Group align="flex-end">
                  <TextInput
                    type="datetime-local"
                    label={t('marketing.fields.scheduleAt')}
                    value={at}
                    onChange={(e) => setAt(e.currentTarget.value)}
                  />
                  <Button
                    variant="default"
                    onClick={() => send.mutate(new Date(at).toISOString())}
                    disabled={!at || !audience}
                    loading={send.isPending}
                  >
                    {t('marketing.editor.schedule')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <Title order={2} fz="md" mb="sm">
              {t('marketing.editor.preview')}
            </Title>
            <Text fw={600} mb="xs" data-testid="preview-subject">
              {sample(subject, t('marketing.editor.sampleName'))}
            </Text>
            {/* A sandboxed frame: the body is shown as mail clients would, and none of its scripts run. */}
            <iframe
              title={t('marketing.editor.previewTitle')}
              sandbox=""
              srcDoc={sample(html, t('marketing.editor.sampleName'))}
              style={{
                width: '100%',
                height: 420,
                border: '1px solid var(--mantine-color-gray-3)',
                borderRadius: 4,
                background: '#fff',
              }}
            />
          </Card>
        </Grid.Col>
      </Grid>
      {!draft && <CampaignReport campaign={campaign} />}
    </Stack>
  );
}

export function CampaignPage() {
  const { id = '' } = useParams();
  const campaign = useCampaign(id);
  if (campaign.isPending) return <SectionLoader />;
  if (campaign.isError) return <QueryError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  return (
    <>
      <PageHeader title={campaign.data.name} />
      <Editor campaign={campaign.data} />
    </>
  );
}
