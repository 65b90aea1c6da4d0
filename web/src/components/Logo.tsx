import { Group, Text } from '@mantine/core';
import { Link } from 'react-router';

function Mark({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path
        d="M10 8v16M10 16l9-8M12.5 14l7 10"
        stroke="#fff"
        strokeWidth="3"
        fill="none"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function Logo({ to = '/', inverted = false }: { to?: string; inverted?: boolean }) {
  return (
    <Group
      component={Link}
      to={to}
      gap={8}
      wrap="nowrap"
      c={inverted ? 'white' : 'brand.7'}
      style={{ textDecoration: 'none' }}
    >
      <Mark size={28} />
      <Text component="span" fw={800} fz="lg" c={inverted ? 'white' : 'dark.8'} lts={-0.3}>
        Kodepos
      </Text>
    </Group>
  );
}
