import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { setGlobalHandlers } from './api/client';
import './i18n';
import { queryClient } from './lib/queryClient';
import { isPublicPath, router } from './router';
import { cssVariablesResolver, theme } from './theme';

setGlobalHandlers({
  onUnauthenticated: () => {
    const { pathname, search } = window.location;
    if (isPublicPath(pathname)) return;
    void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
  },
  onTwoFactorRequired: () => {
    void router.navigate('/settings/profile?require2fa=1', { replace: true });
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
