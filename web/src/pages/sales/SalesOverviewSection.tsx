import { Box, Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';

// The charts library is large: the dashboard loads it on its own, after the page itself.
const SalesDashboard = lazy(async () => ({ default: (await import('./SalesDashboard')).SalesDashboard }));

/** The sales charts as a section of the home dashboard. */
export function SalesOverviewSection() {
  return (
    <Box mt="xl">
      <Suspense fallback={<Skeleton height={320} radius="lg" />}>
        <SalesDashboard />
      </Suspense>
    </Box>
  );
}
