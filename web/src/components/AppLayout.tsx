import { AppShell, Box, Burger, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { ApiError } from '../api/client';
import { useMe } from '../api/queries';
import { WorkspaceProvider } from '../lib/workspace';
import { LanguageSwitch } from './LanguageSwitch';
import { FullPageLoader, QueryError } from './Loaders';
import { Logo } from './Logo';
import { NavLinks } from './NavLinks';
import { SkipLink } from './SkipLink';
import { UserMenu } from './UserMenu';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';
import { GlobalSearch } from './crm/GlobalSearch';
import { PolicyGate } from '../pages/governance/policies/PolicyGate';

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = useMe();

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    // A 401 is already on its way to /login; anything else deserves a visible error.
    if (me.error instanceof ApiError && me.error.status === 401) return <FullPageLoader />;
    return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  }

  const { user, workspaces } = me.data;
  return (
    <WorkspaceProvider workspaces={workspaces}>
      <SkipLink />
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'md', sm: 'xl' }}
      >
        <AppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="md" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('app.header.toggleNav')}
              />
              <Box visibleFrom="sm">
                <Logo />
              </Box>
              <WorkspaceSwitcher />
              {workspaces.length > 0 ? <GlobalSearch /> : null}
            </Group>
            <Group gap={4} wrap="nowrap">
              <LanguageSwitch />
              <UserMenu user={user} />
            </Group>
          </Group>
        </AppShell.Header>
        {/* The navigation scrolls on its own when it is taller than the window. */}
        <AppShell.Navbar p="md" aria-label={t('app.nav.label')} style={{ overflowY: 'auto' }}>
          <NavLinks hasWorkspace={workspaces.length > 0} onNavigate={close} />
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1} bg="gray.0" style={{ outline: 'none' }}>
          <PolicyGate>
            <Outlet />
          </PolicyGate>
        </AppShell.Main>
      </AppShell>
    </WorkspaceProvider>
  );
}
