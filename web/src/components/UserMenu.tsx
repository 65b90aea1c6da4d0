import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconCookie, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { auth } from '../api/endpoints';
import type { User } from '../api/types';

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0]];
  return letters.map((p) => p?.charAt(0).toUpperCase() ?? '').join('') || '?';
}

export function useLogout(redirectTo = '/login') {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: auth.logout,
    onSettled: () => {
      queryClient.clear();
      notifications.show({ message: t('app.header.loggedOut') });
      void navigate(redirectTo, { replace: true });
    },
  });
}

export function UserMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <UnstyledButton p={4}>
          <Group gap="xs" wrap="nowrap">
            <Avatar color="brand" radius="xl" size={34} aria-hidden="true">
              {initials(user.name)}
            </Avatar>
            <Text fz="sm" fw={600} visibleFrom="sm" maw={160} truncate="end">
              {user.name}
            </Text>
            <VisuallyHidden hiddenFrom="sm">{user.name}</VisuallyHidden>
            <IconChevronDown size={16} aria-hidden="true" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text fz="xs" c="dimmed" truncate="end">
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Item
          component={Link}
          to="/settings/profile"
          leftSection={<IconUserCircle size={16} aria-hidden="true" />}
        >
          {t('app.header.profile')}
        </Menu.Item>
        {/* Withdrawing consent is as easy as giving it: the snippet re-opens its banner on this link. */}
        <Menu.Item
          component="a"
          href="/cookies"
          data-kodepos-consent-open
          leftSection={<IconCookie size={16} aria-hidden="true" />}
        >
          {t('common.cookieSettings')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          onClick={() => logout.mutate()}
        >
          {t('app.header.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
