/** Row types of the email marketing tables (migration 0014). Times ISO strings, booleans 0/1, JSON strings. */

export const CATEGORIES = ['product_update', 'promotion', 'security_alert'] as const;
export type CampaignCategory = (typeof CATEGORIES)[number];

/**
 * `paused` and `failed` (a send job used up its retries) may be left for `sending` or, before the
 * scheduled time, `scheduled` again (resume); `sent` is final.
 */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'failed', 'sent'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** `sending`: claimed by a worker, the mail is on its way (a crash leaves it for the lease to expire). */
export const SEND_STATUSES = ['queued', 'sending', 'sent', 'skipped', 'bounced'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export const SKIP_REASONS = ['no_consent', 'suppressed', 'restricted', 'double_opt_in_pending', 'category_off', 'no_email'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SUPPRESSION_REASONS = ['unsubscribe', 'hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** `eu`: contacts whose country is in the EU/EEA confirm by email; `all`: everyone; `off`: nobody. */
export const DOUBLE_OPT_IN = ['off', 'eu', 'all'] as const;
export type DoubleOptIn = (typeof DOUBLE_OPT_IN)[number];

export interface MarketingListsTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface MarketingListMembersTable {
  workspace_id: string;
  list_id: string;
  contact_id: string;
  created_at: string;
}

export interface MarketingSegmentsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** JSON array of `{field, op, value}` (contact fields, `custom.<key>`, `consent.<purpose>`). */
  filters: string;
  created_at: string;
  updated_at: string;
}

export interface MarketingTemplatesTable {
  id: string;
  workspace_id: string;
  name: string;
  subject: string;
  html: string;
  created_at: string;
  updated_at: string;
}

export interface MarketingCampaignsTable {
  id: string;
  workspace_id: string;
  name: string;
  subject: string;
  html: string;
  category: CampaignCategory;
  list_id: string | null;
  segment_id: string | null;
  status: CampaignStatus;
  scheduled_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** Recipients once the audience was resolved at the start of sending. */
  recipients_total: number | null;
  /** The one live chain of send jobs; a job of any other run stops without sending (migration 0019). */
  run_id: string | null;
  /** Why the last chain failed (an error code and the relay's status, never an address); null otherwise. */
  failure_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MarketingSendsTable {
  id: string;
  workspace_id: string;
  campaign_id: string;
  contact_id: string;
  /** The address it went to (null while queued or when skipped). */
  email: string | null;
  status: SendStatus;
  skip_reason: SkipReason | null;
  /** 1: the contact allowed tracking, so the mail carried a pixel and rewritten links. */
  tracked: number;
  message_id: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  bounced_at: string | null;
  complained_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  unsubscribed_at: string | null;
  created_at: string;
}

/** An address never mailed again: a SHA-256 of the lower-cased address, so it outlives the contact's erasure. */
export interface MarketingSuppressionsTable {
  id: string;
  workspace_id: string;
  email_hash: string;
  reason: SuppressionReason;
  created_at: string;
}

export interface MarketingOptinsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  sent_at: string;
  confirmed_at: string | null;
}

export interface MarketingSettingsTable {
  workspace_id: string;
  rate_per_minute: number;
  double_opt_in: DoubleOptIn;
  /** SHA-256 of the bearer token the bounce/complaint endpoint accepts for this workspace. */
  inbound_token_hash: string | null;
  updated_at: string;
}

export interface MarketingTables {
  marketing_lists: MarketingListsTable;
  marketing_list_members: MarketingListMembersTable;
  marketing_segments: MarketingSegmentsTable;
  marketing_templates: MarketingTemplatesTable;
  marketing_campaigns: MarketingCampaignsTable;
  marketing_sends: MarketingSendsTable;
  marketing_suppressions: MarketingSuppressionsTable;
  marketing_optins: MarketingOptinsTable;
  marketing_settings: MarketingSettingsTable;
}
