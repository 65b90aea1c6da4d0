import { Alert, Anchor, Button, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FormDef } from './api';

/** The snippet renders the form into the div; the hosted page is the same form without JavaScript. */
export function embedSnippet(form: Pick<FormDef, 'id' | 'hostedUrl'>, workspaceId: string): string {
  const origin = new URL(form.hostedUrl).origin;
  return `<div data-kodepos-form="${form.id}"></div>\n<script src="${origin}/snippet.js" data-workspace="${workspaceId}" defer></script>`;
}

export function EmbedCode({ form, workspaceId }: { form: FormDef; workspaceId: string }) {
  const { t } = useTranslation();
  const code = embedSnippet(form, workspaceId);
  return (
    <Stack gap="lg">
      {form.status !== 'published' ? <Alert color="yellow" variant="light">{t('forms.embed.draft')}</Alert> : null}
      <Stack gap="xs">
        <Title order={2} fz="lg">{t('forms.embed.snippet')}</Title>
        <Text c="dimmed" fz="sm">{t('forms.embed.snippetHint')}</Text>
        <Code block aria-label={t('forms.embed.snippet')}>{code}</Code>
        <Group>
          <CopyButton value={code}>
            {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('forms.embed.copied') : t('forms.embed.copy')}</Button>}
          </CopyButton>
        </Group>
      </Stack>
      <Stack gap="xs">
        <Title order={2} fz="lg">{t('forms.embed.hosted')}</Title>
        <Text c="dimmed" fz="sm">{t('forms.embed.hostedHint')}</Text>
        <Anchor href={form.hostedUrl} target="_blank" rel="noopener">{form.hostedUrl}</Anchor>
      </Stack>
    </Stack>
  );
}
