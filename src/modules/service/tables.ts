/**
 * Row types of the service tables (migration 0020). Times are ISO strings; JSON columns are
 * strings the repo parses; booleans are 0/1.
 */

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_CHANNELS = ['portal', 'email', 'widget', 'api', 'agent'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const AUTHOR_TYPES = ['agent', 'requester', 'system'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const AUTO_ASSIGN_MODES = ['none', 'round_robin'] as const;
export type AutoAssignMode = (typeof AUTO_ASSIGN_MODES)[number];

export const SERVICE_LOCALES = ['en', 'id'] as const;
export type ServiceLocale = (typeof SERVICE_LOCALES)[number];

export const KB_STATUSES = ['draft', 'published'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

export interface ServiceSettingsTable {
  workspace_id: string;
  auto_assign: AutoAssignMode;
  round_robin_last_user_id: string | null;
  inbound_token: string;
  csat_enabled: number;
  portal_enabled: number;
  default_locale: string;
  updated_at: string;
}

export interface ServiceTeamsTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: string;
}

export interface ServiceTeamMembersTable {
  team_id: string;
  user_id: string;
  workspace_id: string;
}

export interface TicketsTable {
  id: string;
  workspace_id: string;
  /** Per-workspace sequence: 1, 2, 3 … */
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: TicketChannel;
  requester_contact_id: string | null;
  requester_user_id: string | null;
  requester_email: string;
  requester_name: string | null;
  locale: string;
  assignee_id: string | null;
  team_id: string | null;
  /** JSON string[]. */
  tags: string;
  merged_into_id: string | null;
  sla_policy_id: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_responded_at: string | null;
  sla_paused_at: string | null;
  /** Business milliseconds already spent paused (pending, on hold). */
  sla_paused_ms: number;
  first_response_breached_at: string | null;
  resolution_breached_at: string | null;
  /** JSON string[]: which warnings were mailed. */
  sla_warned: string;
  solved_at: string | null;
  closed_at: string | null;
  last_message_at: string;
  created_at: string;
  updated_at: string;
}

export interface TicketMessagesTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  author_type: AuthorType;
  author_user_id: string | null;
  author_email: string | null;
  author_name: string | null;
  internal: number;
  body_text: string;
  body_html: string | null;
  channel: TicketChannel;
  /** RFC 5322 Message-ID of the mail that carried it (in or out), without angle brackets. */
  email_message_id: string | null;
  delivery_status: DeliveryStatus | null;
  created_at: string;
}

export interface TicketAttachmentsTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  message_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** Relative to DATA_DIR/attachments. */
  storage_path: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface CannedResponsesTable {
  id: string;
  workspace_id: string;
  title: string;
  body: string;
  shortcut: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServiceCalendarsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** IANA time zone. */
  time_zone: string;
  /** JSON {"mon": [["09:00","17:00"]], …, "sun": []}. */
  hours: string;
  /** JSON string[] of regions ("ID", "US"). */
  holiday_regions: string;
  /** JSON [{date, name}]. */
  extra_holidays: string;
  created_at: string;
  updated_at: string;
}

export interface SlaPoliciesTable {
  id: string;
  workspace_id: string;
  name: string;
  calendar_id: string;
  /** JSON {urgent: {firstResponseMinutes, resolutionMinutes}, high, normal, low}. */
  targets: string;
  warn_before_minutes: number;
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface KbCategoriesTable {
  id: string;
  workspace_id: string;
  slug: string;
  name_en: string;
  name_id: string;
  position: number;
  created_at: string;
}

export interface KbArticlesTable {
  id: string;
  workspace_id: string;
  category_id: string | null;
  /** Shared by the English and Indonesian versions of one article. */
  group_id: string;
  locale: ServiceLocale;
  slug: string;
  title: string;
  body_markdown: string;
  status: KbStatus;
  published_at: string | null;
  author_id: string | null;
  views: number;
  created_at: string;
  updated_at: string;
}

export interface PortalTokensTable {
  id: string;
  workspace_id: string;
  email: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface PortalSessionsTable {
  /** Hash of the cookie value. */
  id: string;
  workspace_id: string;
  email: string;
  expires_at: string;
  created_at: string;
}

export interface CsatSurveysTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  token_hash: string;
  rating: number | null;
  comment: string | null;
  sent_at: string | null;
  answered_at: string | null;
  created_at: string;
}

export interface ServiceTables {
  service_settings: ServiceSettingsTable;
  service_teams: ServiceTeamsTable;
  service_team_members: ServiceTeamMembersTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  ticket_attachments: TicketAttachmentsTable;
  canned_responses: CannedResponsesTable;
  service_calendars: ServiceCalendarsTable;
  sla_policies: SlaPoliciesTable;
  kb_categories: KbCategoriesTable;
  kb_articles: KbArticlesTable;
  portal_tokens: PortalTokensTable;
  portal_sessions: PortalSessionsTable;
  csat_surveys: CsatSurveysTable;
}

export type TicketRow = TicketsTable;
export type MessageRow = TicketMessagesTable;
export type AttachmentRow = TicketAttachmentsTable;
