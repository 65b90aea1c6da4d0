import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('common.notFound.title')} · Kodepos`);
  return (
    <Card maw={560} mx="auto" mt="xl">
      <Stack align="center" ta="center" gap="md" py="lg">
        <Text fz={56} fw={800} c="brand.7" lh={1} aria-hidden="true">
          404
        </Text>
        <Title order={1} fz={26}>
          {t('common.notFound.title')}
        </Title>
        <Text c="dimmed">{t('common.notFound.body')}</Text>
        <Button component={Link} to="/">
          {t('common.notFound.home')}
        </Button>
      </Stack>
    </Card>
  );
}
