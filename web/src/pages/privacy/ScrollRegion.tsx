import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A horizontally scrolling table wrapper that keyboard users can focus and scroll
 * (a scrollable region without a tab stop fails WCAG 2.1.1).
 */
export function ScrollRegion({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Box role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}
