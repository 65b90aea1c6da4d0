import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useCurrentWorkspace } from '../../lib/workspace';

/** Shapes of /api/v1/lists, /api/v1/campaigns and their reports (src/modules/marketing/campaigns-schema.ts). */
export const CATEGORIES = ['product_update', 'promotion', 'security_alert'] as const;
export type Category = (typeof CATEGORIES)[number];
export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'failed' | 'sent';
export const SKIP_REASONS = [
  'no_consent',
  'suppressed',
  'restricted',
  'double_opt_in_pending',
  'category_off',
  'no_email',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface MailingList {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Campaign {
  id: string;
  name: string;
  subject: string;
  html: string;
  category: Category;
  listId: string | null;
  segmentId: string | null;
  status: CampaignStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recipientsTotal: number | null;
  /** Why sending stopped, while the status is `failed`. */
  failureReason: string | null;
  progress: { queued: number; sent: number; skipped: number; bounced: number };
  createdAt: string;
  updatedAt: string;
}

export interface CampaignInput {
  name: string;
  subject: string;
  html: string;
  category: Category;
  listId?: string;
  segmentId?: string;
}

export interface Report {
  campaignId: string;
  status: CampaignStatus;
  recipients: number;
  sent: number;
  delivered: number;
  bounced: number;
  complaints: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  tracked: number;
  skipped: Record<SkipReason, number>;
  series: { hour: string; sent: number; opened: number; clicked: number }[];
}

export const SUPPRESSION_REASONS = ['unsubscribe', 'hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An entry of the suppression list: the address itself is kept only as a hash. */
export interface Suppression {
  id: string;
  reason: SuppressionReason;
  createdAt: string;
  removable: boolean;
}

export interface SegmentFilter {
  field: string;
  op: string;
  value?: unknown;
}

export interface Segment {
  id: string;
  name: string;
  filters: SegmentFilter[];
  count: number;
  createdAt: string;
  updatedAt: string;
}

export interface Template {
  id: string;
  name: string;
  subject: string;
  html: string;
}

export type DoubleOptIn = 'off' | 'eu' | 'all';

export interface SendSettings {
  ratePerMinute: number;
  doubleOptIn: DoubleOptIn;
  inboundTokenSet: boolean;
}

export interface ContactOption {
  id: string;
  name: string;
  email: string | null;
}

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const campaign = (id: string) => `/api/v1/campaigns/${encodeURIComponent(id)}`;

export const marketingApi = {
  lists: () => api<Page<MailingList>>('/api/v1/lists?limit=200'),
  createList: (name: string) => api<MailingList>('/api/v1/lists', { method: 'POST', body: { name } }),
  addMembers: (id: string, contactIds: string[]) =>
    api<MailingList>(`/api/v1/lists/${encodeURIComponent(id)}/members`, { method: 'POST', body: { contactIds } }),
  contacts: (q: string) =>
    api<Page<ContactOption>>(`/api/v1/contacts?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  segments: () => api<Page<Segment>>('/api/v1/segments?limit=200'),
  createSegment: (body: { name: string; filters: SegmentFilter[] }) =>
    api<Segment>('/api/v1/segments', { method: 'POST', body }),
  countSegment: (filters: SegmentFilter[]) =>
    api<{ count: number }>('/api/v1/segments/count', { method: 'POST', body: { filters } }),
  campaigns: () => api<Page<Campaign>>('/api/v1/campaigns?limit=200'),
  campaign: (id: string) => api<Campaign>(campaign(id)),
  create: (body: CampaignInput) => api<Campaign>('/api/v1/campaigns', { method: 'POST', body }),
  update: (id: string, body: Partial<CampaignInput>) => api<Campaign>(campaign(id), { method: 'PATCH', body }),
  send: (id: string, scheduledAt?: string) =>
    api<Campaign>(`${campaign(id)}/send`, { method: 'POST', body: scheduledAt ? { scheduledAt } : {} }),
  pause: (id: string) => api<Campaign>(`${campaign(id)}/pause`, { method: 'POST' }),
  resume: (id: string) => api<Campaign>(`${campaign(id)}/resume`, { method: 'POST' }),
  report: (id: string) => api<Report>(`${campaign(id)}/report`),
  testSend: (id: string) => api<{ sentTo: string }>(`${campaign(id)}/test`, { method: 'POST' }),
  templates: () => api<Page<Template>>('/api/v1/templates?limit=200'),
  createTemplate: (body: Omit<Template, 'id'>) => api<Template>('/api/v1/templates', { method: 'POST', body }),
  settings: () => api<SendSettings>('/api/v1/marketing/settings'),
  updateSettings: (body: Partial<Pick<SendSettings, 'ratePerMinute' | 'doubleOptIn'>>) =>
    api<SendSettings>('/api/v1/marketing/settings', { method: 'PATCH', body }),
  suppressions: (reason: SuppressionReason | null) =>
    api<Page<Suppression>>(`/api/v1/marketing/suppressions?limit=200${reason ? `&reason=${reason}` : ''}`),
  checkSuppression: (email: string) =>
    api<{ suppressed: boolean; entries: Suppression[] }>('/api/v1/marketing/suppressions/check', {
      method: 'POST',
      body: { email },
    }),
  addSuppression: (email: string) =>
    api<Suppression>('/api/v1/marketing/suppressions', { method: 'POST', body: { email } }),
  removeSuppression: (id: string) =>
    api<void>(`/api/v1/marketing/suppressions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  inboundToken: () => api<{ token: string }>('/api/v1/marketing/settings/inbound-token', { method: 'POST' }),
};

export function useTemplates() {
  const key = useMarketingKey();
  return useQuery({ queryKey: key('templates'), queryFn: marketingApi.templates });
}

export function useMarketingKey() {
  const { id } = useCurrentWorkspace();
  return (...parts: string[]) => ['workspace', id, 'marketing', ...parts];
}

export function useLists() {
  const key = useMarketingKey();
  return useQuery({ queryKey: key('lists'), queryFn: marketingApi.lists });
}

export function useSegments() {
  const key = useMarketingKey();
  return useQuery({ queryKey: key('segments'), queryFn: marketingApi.segments });
}

/** Audience choices for a campaign: lists and segments in one picker, told apart by a prefix. */
export function useAudiences() {
  const lists = useLists();
  const segments = useSegments();
  return [
    ...(lists.data?.data ?? []).map((l) => ({ value: `list:${l.id}`, label: `${l.name} (${l.memberCount})` })),
    ...(segments.data?.data ?? []).map((x) => ({ value: `segment:${x.id}`, label: `${x.name} (${x.count})` })),
  ];
}

export function audienceOf(c: { listId: string | null; segmentId: string | null }): string | null {
  return c.listId ? `list:${c.listId}` : c.segmentId ? `segment:${c.segmentId}` : null;
}

export function audienceInput(value: string | null): { listId?: string; segmentId?: string } {
  if (value?.startsWith('list:')) return { listId: value.slice(5) };
  if (value?.startsWith('segment:')) return { segmentId: value.slice(8) };
  return {};
}

export function useCampaigns() {
  const key = useMarketingKey();
  return useQuery({ queryKey: key('campaigns'), queryFn: marketingApi.campaigns });
}

/** A campaign that is on its way refreshes itself, so progress moves on screen. */
export function useCampaign(id: string) {
  const key = useMarketingKey();
  return useQuery({
    queryKey: key('campaign', id),
    queryFn: () => marketingApi.campaign(id),
    refetchInterval: (q) => (q.state.data?.status === 'sending' || q.state.data?.status === 'scheduled' ? 2000 : false),
  });
}

export function useReport(id: string, status: CampaignStatus | undefined) {
  const key = useMarketingKey();
  return useQuery({
    queryKey: key('report', id, status ?? ''),
    queryFn: () => marketingApi.report(id),
    enabled: status !== undefined && status !== 'draft',
    refetchInterval: status === 'sending' ? 2000 : false,
  });
}
