import { Box, Card, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
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

interface KpiProps {
  label: string;
  value: string;
  /** A shorter form of `value` ("Rp 150 jt"), shown when the whole value does not fit the card. */
  short?: string;
  hint?: string;
  testId?: string;
}

const VALUE_FONT = { fz: 22, fw: 700 } as const;

/**
 * Whether `value` fits its box at the KPI font: an invisible copy of it is measured against the
 * box's width, again whenever either is resized (a narrower window, the font loading).
 */
function useFits(value: string, measure: boolean) {
  const box = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const [fits, setFits] = useState(true);
  useLayoutEffect(() => {
    const b = box.current;
    const p = probe.current;
    if (!measure || !b || !p) return undefined;
    const check = () => setFits(p.offsetWidth <= b.clientWidth);
    check();
    // The copy is observed too: it changes width when the web font arrives.
    const observer = new ResizeObserver(check);
    observer.observe(b);
    observer.observe(p);
    return () => observer.disconnect();
  }, [value, measure]);
  return { box, probe, fits };
}

export function Kpi({ label, value, short, hint, testId }: KpiProps) {
  const { box, probe, fits } = useFits(value, short !== undefined && short !== value);
  const shown = fits || short === undefined ? value : short;
  return (
    <Card padding="md">
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
        {label}
      </Text>
      <Box ref={box} pos="relative" mt={4}>
        {shown === value ? (
          <Text {...VALUE_FONT} data-testid={testId} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {value}
          </Text>
        ) : (
          // The short form for the eye (the whole value on hover), the whole value for screen readers.
          <Text {...VALUE_FONT} data-testid={testId} data-full={value} title={value} style={{ whiteSpace: 'nowrap' }}>
            <span aria-hidden>{shown}</span>
            <VisuallyHidden>{value}</VisuallyHidden>
          </Text>
        )}
        {short !== undefined && short !== value ? (
          <Text ref={probe} component="span" {...VALUE_FONT} aria-hidden style={{ position: 'absolute', top: 0, left: 0, visibility: 'hidden', whiteSpace: 'nowrap' }}>
            {value}
          </Text>
        ) : null}
      </Box>
      {hint ? (
        <Text fz="xs" c="dimmed" mt={2}>
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}
