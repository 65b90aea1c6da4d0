import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { AuthCard } from '../components/PublicLayout';

/** The success / failure screen shared by the link-driven public pages. */
export function ResultCard({
  tone,
  title,
  body,
  children,
}: {
  tone: 'success' | 'error';
  title: string;
  body: string;
  children?: ReactNode;
}) {
  useDocumentTitle(`${title} · Kodepos`);
  const Icon = tone === 'success' ? IconCircleCheck : IconCircleX;
  return (
    <AuthCard>
      <Stack align="center" ta="center" gap="md" role={tone === 'error' ? 'alert' : 'status'}>
        <ThemeIcon size={64} radius="xl" variant="light" color={tone === 'success' ? 'brand' : 'red'}>
          <Icon size={34} aria-hidden="true" />
        </ThemeIcon>
        <Title order={1} fz={26}>
          {title}
        </Title>
        <Text>{body}</Text>
        {children}
      </Stack>
    </AuthCard>
  );
}
