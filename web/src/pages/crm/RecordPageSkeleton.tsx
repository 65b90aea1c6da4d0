import { Card, Grid, Group, Skeleton, Stack, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The shape of a record page while it loads, so the layout does not jump when it arrives. */
export function RecordPageSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="xl" aria-busy="true">
      <VisuallyHidden role="status">{t('common.loading')}</VisuallyHidden>
      <Group gap="md">
        <Skeleton circle height={56} />
        <Stack gap={8}>
          <Skeleton height={24} width={240} />
          <Skeleton height={12} width={160} />
        </Stack>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card>
            <Stack gap="md">
              {[0, 1, 2, 3, 4].map((i) => (
                <Stack key={i} gap={6}>
                  <Skeleton height={8} width="30%" />
                  <Skeleton height={12} width="70%" />
                </Stack>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card>
            <Stack gap="md">
              <Skeleton height={32} />
              <Skeleton height={80} />
              <Skeleton height={16} width="50%" />
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
