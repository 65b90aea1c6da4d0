import { Box, Card, Stack, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/crm/EmptyState';

interface Props {
  title: string;
  /** Read out instead of the drawing, which screen readers cannot see. */
  summary: string;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}

export function ChartCard({ title, summary, empty, emptyText, children }: Props) {
  return (
    <Card h="100%">
      <Stack gap="md" h="100%">
        <Title order={3} fz="md">
          {title}
        </Title>
        {empty ? (
          <EmptyState compact icon={IconChartBar} title={emptyText} />
        ) : (
          <Box role="img" aria-label={`${title}. ${summary}`}>
            {children}
          </Box>
        )}
      </Stack>
    </Card>
  );
}

export function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card padding="md">
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
        {label}
      </Text>
      <Text fz={22} fw={700} mt={4} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {value}
      </Text>
      {hint ? (
        <Text fz="xs" c="dimmed" mt={2}>
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}
