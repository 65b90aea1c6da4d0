import { api } from '../../api/client';

export const REQUEST_TYPES = [
  'access',
  'portability',
  'correction',
  'deletion',
  'restriction',
  'withdraw_consent',
  'opt_out_sale',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const JURISDICTIONS = ['gdpr', 'ccpa', 'uu_pdp', 'unknown'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** As in src/modules/privacy/tables.ts: `open` while the officer works on it. */
export const REQUEST_STATUSES = ['unverified', 'open', 'processing', 'completed', 'rejected', 'expired'] as const;
/** The server may grow new statuses; unknown ones still render (as their raw code). */
export type RequestStatus = (typeof REQUEST_STATUSES)[number] | (string & {});

export type PrivacyScopeName = 'workspace' | 'platform';

export interface Correction {
  id: string;
  table: string;
  column: string;
  label: string;
  currentValue: string | null;
  proposedValue: string | null;
  status: 'pending' | 'applied' | 'declined' | (string & {});
  selfService: boolean;
}

export interface TableLabels {
  en: string;
  id: string;
}

export interface ErasureSummary {
  erasedAt?: string;
  /** `labels`: the table's name for people per language (results stored before labels existed have none). */
  tables?: { table: string; labels?: TableLabels; rows: number; action?: string }[];
  legalHolds?: { table: string; labels?: TableLabels; rows: number; holdYears: number; reason: string }[];
  processorTasks?: string[];
  filesRemoved?: number;
  exportId?: string;
  expiresAt?: string;
  applied?: number;
  declined?: number;
  restricted?: number;
  subjects?: number;
  consentRecords?: number;
}

export interface PrivacyRequest {
  id: string;
  type: RequestType;
  status: RequestStatus;
  scope: PrivacyScopeName;
  workspaceId: string | null;
  email: string;
  phone: string | null;
  jurisdiction: Jurisdiction;
  details: string | null;
  receivedAt: string;
  verifiedAt: string | null;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  dueAt: string;
  originalDueAt: string;
  extendedAt: string | null;
  extensionReason: string | null;
  maxExtensionDueAt: string | null;
  assigneeId: string | null;
  rejectionReason: string | null;
  completedAt: string | null;
  overdue: boolean;
  clock: string;
  result: ErasureSummary | null;
  corrections: Correction[];
}

export interface HistoryEntry {
  at: string;
  action: string;
  actorId: string | null;
  reason: string | null;
}

export interface RequestDetail extends PrivacyRequest {
  history: HistoryEntry[];
}

export interface PortalInfo {
  operator: { name: string; email: string };
  workspace: { id: string; name: string } | null;
  types: string[];
  jurisdictions: string[];
  correctableFields: { field: string; label: string }[];
}

export interface NewRequestInput {
  type: RequestType;
  email: string;
  jurisdiction?: Jurisdiction;
  locale?: 'en' | 'id';
  details?: string;
  workspaceId?: string;
  phone?: string;
  corrections?: { field: string; value: string }[];
}

export interface RequestFilters {
  status?: string;
  type?: string;
  jurisdiction?: string;
  assignee?: string;
  overdue?: boolean;
  cursor?: string;
  scope: PrivacyScopeName;
}

export interface EmailPreferences {
  productUpdates: boolean;
  promotions: boolean;
  securityAlerts: boolean;
}

const publicCall = { redirectOn401: false } as const;
const enc = encodeURIComponent;

function scopeQuery(scope: PrivacyScopeName): string {
  return scope === 'platform' ? '?scope=platform' : '';
}

export function requestsQuery(filters: RequestFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.type) params.set('type', filters.type);
  if (filters.jurisdiction) params.set('jurisdiction', filters.jurisdiction);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.cursor) params.set('cursor', filters.cursor);
  if (filters.scope === 'platform') params.set('scope', 'platform');
  params.set('limit', '50');
  return params.toString();
}

export const portalApi = {
  info: (workspaceId: string | null) =>
    api<PortalInfo>(`/public/v1/privacy/portal${workspaceId ? `?workspaceId=${enc(workspaceId)}` : ''}`, publicCall),
  submit: (input: NewRequestInput) =>
    api<{ id: string }>('/public/v1/privacy-requests', { method: 'POST', body: input, ...publicCall }),
  verify: (token: string) =>
    api<{ id: string; status: string; dueAt: string; type: RequestType }>('/public/v1/privacy-requests/verify', {
      method: 'POST',
      body: { token },
      ...publicCall,
    }),
};

export const requestsApi = {
  officers: (scope: PrivacyScopeName) =>
    api<{ data: { id: string; name: string }[] }>(`/api/v1/privacy/officers${scopeQuery(scope)}`),
  list: (filters: RequestFilters) =>
    api<{ data: PrivacyRequest[]; nextCursor: string | null }>(`/api/v1/privacy/requests?${requestsQuery(filters)}`),
  get: (id: string, scope: PrivacyScopeName) =>
    api<RequestDetail>(`/api/v1/privacy/requests/${enc(id)}${scopeQuery(scope)}`),
  assign: (id: string, scope: PrivacyScopeName, assigneeId: string | null) =>
    api<PrivacyRequest>(`/api/v1/privacy/requests/${enc(id)}/assign${scopeQuery(scope)}`, {
      method: 'POST',
      body: { assigneeId },
    }),
  extend: (id: string, scope: PrivacyScopeName, reason: string) =>
    api<PrivacyRequest>(`/api/v1/privacy/requests/${enc(id)}/extend${scopeQuery(scope)}`, {
      method: 'POST',
      body: { reason },
    }),
  reject: (id: string, scope: PrivacyScopeName, reason: string) =>
    api<PrivacyRequest>(`/api/v1/privacy/requests/${enc(id)}/reject${scopeQuery(scope)}`, {
      method: 'POST',
      body: { reason },
    }),
  complete: (id: string, scope: PrivacyScopeName) =>
    api<PrivacyRequest>(`/api/v1/privacy/requests/${enc(id)}/complete${scopeQuery(scope)}`, { method: 'POST' }),
  decide: (id: string, scope: PrivacyScopeName, correctionId: string, decision: 'apply' | 'decline') =>
    api<PrivacyRequest>(`/api/v1/privacy/requests/${enc(id)}/corrections/${enc(correctionId)}${scopeQuery(scope)}`, {
      method: 'POST',
      body: { decision },
    }),
  /** A plain link cannot send X-Workspace-Id; GET routes take `?workspaceId=` instead. */
  reportUrl: (id: string, scope: PrivacyScopeName, workspaceId: string | null) =>
    `/api/v1/privacy/requests/${enc(id)}/report${
      scope === 'platform' ? '?scope=platform' : workspaceId ? `?workspaceId=${enc(workspaceId)}` : ''
    }`,
};

export const selfServiceApi = {
  exportMyData: () => api<{ id: string }>('/api/v1/me/export', { method: 'POST' }),
  scheduleDeletion: (password: string) =>
    // A wrong password answers 401: it belongs in the form, not a redirect to the login page.
    api<{ scheduledAt: string }>('/api/v1/me/deletion', { method: 'POST', body: { password }, redirectOn401: false }),
  cancelDeletion: () => api<unknown>('/api/v1/me/deletion', { method: 'DELETE' }),
  emailPreferences: () => api<EmailPreferences>('/api/v1/me/email-preferences'),
  saveEmailPreferences: (input: EmailPreferences) =>
    api<EmailPreferences>('/api/v1/me/email-preferences', { method: 'PUT', body: input }),
};

export const restrictionApi = {
  set: (contactId: string, restricted: boolean, reason: string) =>
    api<unknown>(`/api/v1/contacts/${enc(contactId)}/restriction`, {
      method: 'POST',
      body: { restricted, reason },
    }),
};

/**
 * The export link is a POST so mail scanners cannot spend it; the answer is a ZIP, not JSON, so
 * this bypasses the JSON client. Errors still arrive as the usual `{error:{code}}` body.
 */
export async function downloadExport(token: string): Promise<{ blob: Blob; filename: string }> {
  let response: Response;
  try {
    response = await fetch('/public/v1/privacy-exports/download', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/zip, application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ token }),
    });
  } catch {
    throw new DownloadError('network_error');
  }
  if (!response.ok) {
    let code = `http_${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: unknown } };
      if (typeof body.error?.code === 'string') code = body.error.code;
    } catch {
      // Not JSON: keep the status code.
    }
    throw new DownloadError(code);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), filename: named ? decodeURIComponent(named) : 'my-data.zip' };
}

export class DownloadError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'DownloadError';
  }
}
