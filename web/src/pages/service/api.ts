import { api } from '../../api/client';
import { useCurrentWorkspace } from '../../lib/workspace';

/** Shapes of the service routes (src/modules/service/*-schema.ts), as in the shared design. */
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof PRIORITIES)[number];
export const VIEWS = ['all', 'mine', 'unassigned', 'breaching'] as const;
export type TicketView = (typeof VIEWS)[number];
/** Tickets in the working views, each counted up to `cap`; `mine` is null for an API key. */
export interface ViewCounts {
  mine: number | null;
  unassigned: number;
  breaching: number;
  cap: number;
}
export const PRIVACY_TYPES = [
  'access',
  'portability',
  'correction',
  'deletion',
  'restriction',
  'withdraw_consent',
  'opt_out_sale',
] as const;
export type PrivacyType = (typeof PRIVACY_TYPES)[number];
export type Channel = 'portal' | 'email' | 'widget' | 'api' | 'agent';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface TicketSla {
  policyId: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  firstResponseBreachedAt: string | null;
  resolutionBreachedAt: string | null;
  paused: boolean;
}

export interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: Channel;
  requester: { contactId: string | null; userId: string | null; email: string; name: string | null };
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  mergedIntoId: string | null;
  locale: string;
  sla: TicketSla;
  solvedAt: string | null;
  closedAt: string | null;
  lastMessageAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface Message {
  id: string;
  authorType: 'agent' | 'requester' | 'system';
  authorUserId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  internal: boolean;
  bodyText: string;
  bodyHtml: string | null;
  channel: Channel;
  deliveryStatus: 'queued' | 'sent' | 'failed' | null;
  createdAt: string;
  attachments: Attachment[];
}

export interface TicketDetail extends Ticket {
  messages: Message[];
  csat: { rating: number | null; comment: string | null; answeredAt: string | null } | null;
}

export interface TicketFilters {
  view: TicketView;
  status?: string | null;
  priority?: string | null;
  assigneeId?: string | null;
  teamId?: string | null;
  tag?: string | null;
  q?: string | null;
}

export interface NewTicket {
  subject: string;
  body: string;
  requesterEmail: string;
  requesterName?: string;
  priority?: TicketPriority;
  tags?: string[];
  teamId?: string;
  assigneeId?: string;
}

export interface TicketPatch {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
  teamId?: string | null;
  tags?: string[];
}

export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  createdAt?: string;
}

export interface CannedResponse {
  id: string;
  title: string;
  body: string;
  shortcut: string | null;
}

export interface ServiceSettings {
  autoAssign: 'none' | 'round_robin';
  csatEnabled: boolean;
  portalEnabled: boolean;
  defaultLocale: 'en' | 'id';
  inboundToken: string;
  inboundAddress: string | null;
  portalUrl: string | null;
  helpUrl?: string | null;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type WeeklyHours = Record<Weekday, [string, string][]>;

export interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  hours: WeeklyHours;
  holidayRegions: ('ID' | 'US')[];
  extraHolidays: { date: string; name: string }[];
}

export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaPolicy {
  id: string;
  name: string;
  calendarId: string;
  targets: Record<TicketPriority, SlaTarget>;
  warnBeforeMinutes: number;
  isDefault: boolean;
}

export interface Holiday {
  date: string;
  name: string;
}

export interface KbCategory {
  id: string;
  slug: string;
  nameEn: string;
  nameId: string;
  position: number;
}

export interface KbArticle {
  id: string;
  categoryId: string | null;
  groupId: string;
  locale: 'en' | 'id';
  slug: string;
  title: string;
  bodyMarkdown: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  views?: number;
  url?: string;
  translations?: { id: string; locale: 'en' | 'id'; slug: string; status: 'draft' | 'published' }[];
  updatedAt: string;
}

export interface ArticleInput {
  categoryId?: string | null;
  groupId?: string;
  locale?: 'en' | 'id';
  slug?: string;
  title?: string;
  bodyMarkdown?: string;
  status?: 'draft' | 'published';
}

export interface SlaBucket {
  met: number;
  breached: number;
  pending: number;
  avgBusinessMinutes: number | null;
}

export interface SlaReport {
  from: string;
  to: string;
  byPriority: { priority: TicketPriority; tickets: number; firstResponse: SlaBucket; resolution: SlaBucket }[];
  totals: { tickets: number; firstResponse: SlaBucket; resolution: SlaBucket };
}

export interface CsatReport {
  responses: number;
  average: number | null;
  distribution: Record<string, number>;
  rate: number | null;
  recent: {
    ticketId: string;
    number: number;
    rating: number | null;
    comment: string | null;
    answeredAt: string | null;
  }[];
}

const enc = encodeURIComponent;
const ticket = (id: string) => `/api/v1/tickets/${enc(id)}`;

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

function crud<T, I>(base: string) {
  return {
    list: () => api<Page<T>>(`${base}?limit=200`),
    create: (body: I) => api<T>(base, { method: 'POST', body }),
    update: (id: string, body: Partial<I>) => api<T>(`${base}/${enc(id)}`, { method: 'PATCH', body }),
    remove: (id: string) => api<void>(`${base}/${enc(id)}`, { method: 'DELETE' }),
  };
}

export const serviceApi = {
  tickets: (f: TicketFilters, cursor: string | null, limit = 50) =>
    api<Page<Ticket>>(`/api/v1/tickets${query({ ...f, cursor, limit })}`),
  viewCounts: () => api<ViewCounts>('/api/v1/tickets/view-counts'),
  ticket: (id: string) => api<TicketDetail>(ticket(id)),
  createTicket: (body: NewTicket) => api<Ticket>('/api/v1/tickets', { method: 'POST', body }),
  updateTicket: (id: string, body: TicketPatch) => api<Ticket>(ticket(id), { method: 'PATCH', body }),
  reply: (id: string, body: { body: string; internal: boolean; attachmentIds: string[] }) =>
    api<Message>(`${ticket(id)}/replies`, { method: 'POST', body }),
  merge: (id: string, intoTicketId: string) =>
    api<Ticket>(`${ticket(id)}/merge`, { method: 'POST', body: { intoTicketId } }),
  privacyRequest: (id: string, type: PrivacyType) =>
    api<{ id: string }>(`${ticket(id)}/privacy-request`, { method: 'POST', body: { type } }),
  attachmentUrl: (ticketId: string, attachmentId: string) => `${ticket(ticketId)}/attachments/${enc(attachmentId)}`,
  teams: crud<Team, { name: string; memberIds: string[] }>('/api/v1/service/teams'),
  canned: crud<CannedResponse, { title: string; body: string; shortcut?: string | null }>(
    '/api/v1/service/canned-responses',
  ),
  calendars: crud<Calendar, Omit<Calendar, 'id'>>('/api/v1/service/calendars'),
  policies: crud<SlaPolicy, Omit<SlaPolicy, 'id'>>('/api/v1/service/sla-policies'),
  slaDefaults: () =>
    api<SlaPolicy>('/api/v1/service/sla-policies/defaults', {
      method: 'POST',
      body: { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    }),
  holidays: (region: string, year: number) =>
    api<{ data: Holiday[] }>(`/api/v1/service/holidays${query({ region, year })}`),
  settings: () => api<ServiceSettings>('/api/v1/service/settings'),
  updateSettings: (
    body: Partial<Pick<ServiceSettings, 'autoAssign' | 'csatEnabled' | 'portalEnabled' | 'defaultLocale'>>,
  ) => api<ServiceSettings>('/api/v1/service/settings', { method: 'PATCH', body }),
  rotateToken: () => api<ServiceSettings>('/api/v1/service/settings/rotate-inbound-token', { method: 'POST' }),
  kbCategories: crud<KbCategory, Omit<KbCategory, 'id'>>('/api/v1/kb/categories'),
  kbArticles: (f: { status?: string | null; locale?: string | null; q?: string | null }) =>
    api<Page<KbArticle>>(`/api/v1/kb/articles${query({ ...f, limit: 200 })}`),
  kbArticle: (id: string) => api<KbArticle>(`/api/v1/kb/articles/${enc(id)}`),
  createArticle: (body: ArticleInput) => api<KbArticle>('/api/v1/kb/articles', { method: 'POST', body }),
  updateArticle: (id: string, body: ArticleInput) =>
    api<KbArticle>(`/api/v1/kb/articles/${enc(id)}`, { method: 'PATCH', body }),
  deleteArticle: (id: string) => api<void>(`/api/v1/kb/articles/${enc(id)}`, { method: 'DELETE' }),
  slaReport: (from: string, to: string) => api<SlaReport>(`/api/v1/service/reports/sla${query({ from, to })}`),
  csatReport: (from: string, to: string) => api<CsatReport>(`/api/v1/service/reports/csat${query({ from, to })}`),
};

/** Query keys under the current workspace, so switching workspaces never shows another's tickets. */
export function useServiceKey() {
  const { id } = useCurrentWorkspace();
  return (...parts: unknown[]) => ['workspace', id, 'service', ...parts];
}
