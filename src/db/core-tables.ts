import type { Generated } from 'kysely';

/** Row types of the foundation tables (migration 0001). Booleans are 0/1, times ISO strings, JSON strings. */
export interface UsersTable {
  id: string;
  email: string;
  email_verified_at: string | null;
  name: string;
  phone: string | null;
  company: string | null;
  birth_date: string | null;
  password_hash: string;
  locale: string;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  recovery_codes: string | null;
  is_platform_operator: number;
  status: string;
  deletion_scheduled_at: string | null;
  last_active_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1 while processing is restricted at the person's request (migration 0009). */
  restricted: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  ip_truncated: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface EmailTokensTable {
  id: string;
  user_id: string;
  purpose: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  data_region: string;
  require_2fa: number;
  /** Migration 0013: `hash` or `none`, how visitors without analytics consent are counted. */
  analytics_mode: Generated<'hash' | 'none'>;
  /** Migration 0013: months raw analytics events are kept before only aggregates remain. */
  analytics_retention_months: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceMembersTable {
  id: string;
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string | null;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface PolicyVersionsTable {
  id: string;
  version: string;
  markdown: string;
  effective_at: string;
  material: number;
  published_at: string | null;
  created_at: string;
}

export interface PolicyAcceptancesTable {
  id: string;
  user_id: string;
  policy_version_id: string;
  ip_truncated: string | null;
  user_agent: string | null;
  accepted_at: string;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  workspace_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  reason: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface PlatformSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface CoreTables {
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  invitations: InvitationsTable;
  api_keys: ApiKeysTable;
  login_throttle: LoginThrottleTable;
  policy_versions: PolicyVersionsTable;
  policy_acceptances: PolicyAcceptancesTable;
  audit_log: AuditLogTable;
  platform_settings: PlatformSettingsTable;
}
