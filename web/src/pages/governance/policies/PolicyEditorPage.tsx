import { Button, Card, Grid, Group, Stack, Switch, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { PageHeader } from '../../../components/PageHeader';
import { policiesApi } from './api';
import { Markdown } from './Markdown';

/** `datetime-local` gives local wall time without a zone; the API wants an absolute time. */
const toIso = (local: string): string => new Date(local).toISOString();
const nowLocal = (): string => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

function Editor({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [version, setVersion] = useState('');
  const [effectiveAt, setEffectiveAt] = useState(nowLocal());
  const [material, setMaterial] = useState(false);
  const [markdown, setMarkdown] = useState(initial);
  const create = useMutation({
    mutationFn: () => policiesApi.create({ version: version.trim(), markdown, effectiveAt: toIso(effectiveAt), material }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['policies'] });
      await navigate('/governance/policies');
    },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Stack>
        <Card>
          <Group grow align="flex-start">
            <TextInput label={t('policies.form.version')} description={t('policies.form.versionHelp')} required value={version} onChange={(e) => setVersion(e.currentTarget.value)} />
            <TextInput type="datetime-local" label={t('policies.form.effectiveAt')} description={t('policies.form.effectiveAtHelp')} required value={effectiveAt} onChange={(e) => setEffectiveAt(e.currentTarget.value)} />
          </Group>
          <Switch mt="md" label={t('policies.form.material')} description={t('policies.form.materialHelp')} checked={material} onChange={(e) => setMaterial(e.currentTarget.checked)} />
        </Card>
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Textarea label={t('policies.form.markdown')} required autosize minRows={20} maxRows={40} ff="monospace" value={markdown} onChange={(e) => setMarkdown(e.currentTarget.value)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Title order={2} size="h5" mb={4}>{t('policies.form.preview')}</Title>
            <Card withBorder mah={900} style={{ overflow: 'auto' }}>
              <Markdown source={markdown} />
            </Card>
          </Grid.Col>
        </Grid>
        {create.error ? <QueryError error={create.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void navigate('/governance/policies')}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending}>{t('policies.form.saveDraft')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A new draft starts from the policy in force, so an edit is a change to it. */
export function PolicyEditorPage() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: ['policies', 'current'], queryFn: policiesApi.current });
  return (
    <>
      <PageHeader title={t('policies.new')} subtitle={t('policies.form.subtitle')} />
      {current.isPending ? <SectionLoader /> : current.error ? <QueryError error={current.error} /> : <Editor initial={current.data.markdown} />}
    </>
  );
}
