import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A friendly explanation where a list has nothing to show yet, with the next step beside it. */
export function EmptyState({
  icon: IconComponent,
  title,
  body,
  action,
  compact = false,
}: {
  icon: Icon;
  title: string;
  body?: string;
  action?: ReactNode;
  compact?: boolean;
}) {
  return (
    <Stack align="center" gap="xs" py={compact ? 'md' : 48} px="md" ta="center">
      <ThemeIcon size={compact ? 40 : 56} radius="xl" variant="light" color="brand">
        <IconComponent size={compact ? 20 : 28} stroke={1.6} aria-hidden="true" />
      </ThemeIcon>
      <Title order={3} fz={compact ? 'sm' : 'md'} mt={4}>
        {title}
      </Title>
      {body ? (
        <Text c="dimmed" fz="sm" maw={420}>
          {body}
        </Text>
      ) : null}
      {action ? <div style={{ marginTop: 8 }}>{action}</div> : null}
    </Stack>
  );
}
