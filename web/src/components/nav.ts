import {
  IconApi,
  IconAddressBook,
  IconBriefcase,
  IconBuildingSkyscraper,
  IconChartBar,
  IconChartLine,
  IconChecklist,
  IconFilter,
  IconForms,
  IconLayoutDashboard,
  IconList,
  IconMail,
  IconWebhook,
  IconReceipt,
  IconPlugConnected,
  IconWorld,
  IconSettings,
  IconShieldLock,
  IconInbox,
  IconBan,
  IconAlertTriangle,
  IconFileText,
  IconBuildingFactory2,
  IconUserCircle,
  IconUsers,
  IconHeadset,
  IconTicket,
  IconBook,
  IconReportAnalytics,
  type Icon,
} from '@tabler/icons-react';
import type { en } from '../i18n/en';

export interface NavItem {
  label: keyof typeof en.app.nav;
  to: string;
  icon: Icon;
  /** Hidden for a user who belongs to no workspace. */
  needsWorkspace?: boolean;
  /** Shown only to roles holding privacy.read, and to platform operators. */
  needsPrivacy?: boolean;
  /** Shown only to platform operators. */
  needsOperator?: boolean;
  children?: NavItem[];
}

/** The app's sections, in navbar order. New modules (Contacts, Deals, Marketing, Service, Privacy) add an entry here. */
export const NAV_ITEMS: NavItem[] = [
  { label: 'dashboard', to: '/', icon: IconLayoutDashboard },
  { label: 'contacts', to: '/contacts', icon: IconAddressBook, needsWorkspace: true },
  { label: 'companies', to: '/companies', icon: IconBuildingSkyscraper, needsWorkspace: true },
  { label: 'deals', to: '/deals', icon: IconBriefcase, needsWorkspace: true },
  { label: 'activities', to: '/activities', icon: IconChecklist, needsWorkspace: true },
  { label: 'sales', to: '/sales', icon: IconChartBar, needsWorkspace: true },
  { label: 'campaigns', to: '/marketing/campaigns', icon: IconMail, needsWorkspace: true },
  { label: 'lists', to: '/marketing/lists', icon: IconList, needsWorkspace: true },
  { label: 'segments', to: '/marketing/segments', icon: IconFilter, needsWorkspace: true },
  { label: 'suppressions', to: '/marketing/suppressions', icon: IconBan, needsWorkspace: true },
  { label: 'forms', to: '/marketing/forms', icon: IconForms, needsWorkspace: true },
  { label: 'analytics', to: '/analytics', icon: IconChartLine, needsWorkspace: true },
  {
    label: 'service',
    to: '/service',
    icon: IconHeadset,
    needsWorkspace: true,
    children: [
      { label: 'tickets', to: '/service/tickets', icon: IconTicket, needsWorkspace: true },
      { label: 'knowledgeBase', to: '/service/kb', icon: IconBook, needsWorkspace: true },
      { label: 'serviceReports', to: '/service/reports', icon: IconReportAnalytics, needsWorkspace: true },
    ],
  },
  { label: 'platformAnalytics', to: '/platform/analytics', icon: IconWorld, needsOperator: true },
  { label: 'demoRequests', to: '/platform/demo-requests', icon: IconForms, needsOperator: true },
  {
    label: 'privacy',
    to: '/privacy/requests',
    icon: IconShieldLock,
    needsPrivacy: true,
    children: [
      { label: 'dataProtection', to: '/governance/dashboard', icon: IconLayoutDashboard, needsPrivacy: true },
      { label: 'privacyRequests', to: '/privacy/requests', icon: IconInbox, needsPrivacy: true },
      { label: 'breaches', to: '/governance/breaches', icon: IconAlertTriangle, needsPrivacy: true },
      { label: 'policies', to: '/governance/policies', icon: IconFileText, needsOperator: true },
      { label: 'subprocessors', to: '/governance/policies/subprocessors', icon: IconBuildingFactory2, needsOperator: true },
    ],
  },
  {
    label: 'settings',
    to: '/settings',
    icon: IconSettings,
    children: [
      { label: 'profile', to: '/settings/profile', icon: IconUserCircle },
      { label: 'privacySettings', to: '/settings/privacy', icon: IconShieldLock },
      { label: 'workspace', to: '/settings/workspace', icon: IconBuildingSkyscraper, needsWorkspace: true },
      { label: 'members', to: '/settings/members', icon: IconUsers, needsWorkspace: true },
      { label: 'apiKeys', to: '/settings/api-keys', icon: IconApi, needsWorkspace: true },
      { label: 'customFields', to: '/settings/custom-fields', icon: IconForms, needsWorkspace: true },
      { label: 'webhooks', to: '/settings/webhooks', icon: IconWebhook, needsWorkspace: true },
      { label: 'billing', to: '/settings/billing', icon: IconReceipt, needsWorkspace: true },
      { label: 'integrations', to: '/settings/integrations', icon: IconPlugConnected, needsWorkspace: true },
      { label: 'serviceSettings', to: '/settings/service', icon: IconHeadset, needsWorkspace: true },
    ],
  },
];
