import { Button, Card, Code, CopyButton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChartLine } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** What to do when the period has no visits: install the snippet (workspaces), or wait (platform). */
export function SnippetEmpty({ workspaceId }: { workspaceId: string | null }) {
  const { t } = useTranslation();
  const snippet = `<script src="${window.location.origin}/snippet.js"${workspaceId ? ` data-workspace="${workspaceId}"` : ''} defer></script>`;
  return (
    <Card data-testid="analytics-empty">
      <Stack align="center" gap="sm" py="lg" ta="center">
        <ThemeIcon size={52} radius="xl" variant="light" color="brand">
          <IconChartLine size={26} aria-hidden="true" />
        </ThemeIcon>
        <Title order={2} fz="md">
          {t('analytics.empty.title')}
        </Title>
        <Text c="dimmed" fz="sm" maw={560}>
          {workspaceId ? t('analytics.empty.body') : t('analytics.empty.platformBody')}
        </Text>
        {workspaceId ? (
          <>
            <Code block maw={640} w="100%" ta="left" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {snippet}
            </Code>
            <CopyButton value={snippet}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('analytics.empty.copied') : t('analytics.empty.copy')}
                </Button>
              )}
            </CopyButton>
          </>
        ) : null}
      </Stack>
    </Card>
  );
}
