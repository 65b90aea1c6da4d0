import { Anchor, Group, Text } from '@mantine/core';
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

export function Logo({ to = '/' }: { to?: string }) {
  return (
    <Anchor component={Link} to={to} underline="never" c="brand.7">
      <Group gap={8} wrap="nowrap">
        <Mark size={28} />
        <Text component="span" fw={800} fz="lg" c="dark.8" lts={-0.3}>
          Kodepos
        </Text>
      </Group>
    </Anchor>
  );
}
