import { Anchor, Avatar, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconChevronLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

interface Props {
  title: string;
  subtitle?: ReactNode;
  badges?: ReactNode;
  actions?: ReactNode;
  back: { to: string; label: string };
  avatarColor?: string;
}

/** A record page's single h1 with its avatar, badges and actions. */
export function RecordHeader({ title, subtitle, badges, actions, back, avatarColor = 'brand' }: Props) {
  useDocumentTitle(`${title} · Kodepos`);
  return (
    <Stack gap="sm" mb="xl">
      <Anchor component={Link} to={back.to} fz="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconChevronLeft size={16} aria-hidden="true" />
          {back.label}
        </Group>
      </Anchor>
      <Group justify="space-between" align="center" wrap="wrap" gap="md">
        <Group gap="md" wrap="nowrap">
          <Avatar size={56} radius="xl" color={avatarColor} variant="filled" aria-hidden="true">
            {initials(title) || '?'}
          </Avatar>
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1} fz={26}>
                {title}
              </Title>
              {badges}
            </Group>
            {subtitle ? (
              <Text c="dimmed" fz="sm" component="div">
                {subtitle}
              </Text>
            ) : null}
          </Stack>
        </Group>
        {actions}
      </Group>
    </Stack>
  );
}

/** Label and value rows for a record's details card. */
export function DetailList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <Stack gap="sm" component="dl" m={0}>
      {items.map((item) => (
        <div key={item.label}>
          <Text component="dt" fz="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
            {item.label}
          </Text>
          <Text component="dd" fz="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
          </Text>
        </div>
      ))}
    </Stack>
  );
}
