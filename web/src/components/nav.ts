import {
  IconApi,
  IconBuildingSkyscraper,
  IconLayoutDashboard,
  IconSettings,
  IconUserCircle,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { en } from '../i18n/en';

export interface NavItem {
  label: keyof typeof en.app.nav;
  to: string;
  icon: Icon;
  /** Hidden for a user who belongs to no workspace. */
  needsWorkspace?: boolean;
  children?: NavItem[];
}

/** The app's sections, in navbar order. New modules (Contacts, Deals, Marketing, Service, Privacy) add an entry here. */
export const NAV_ITEMS: NavItem[] = [
  { label: 'dashboard', to: '/', icon: IconLayoutDashboard },
  {
    label: 'settings',
    to: '/settings',
    icon: IconSettings,
    children: [
      { label: 'profile', to: '/settings/profile', icon: IconUserCircle },
      { label: 'workspace', to: '/settings/workspace', icon: IconBuildingSkyscraper, needsWorkspace: true },
      { label: 'members', to: '/settings/members', icon: IconUsers, needsWorkspace: true },
      { label: 'apiKeys', to: '/settings/api-keys', icon: IconApi, needsWorkspace: true },
    ],
  },
];
