import { api } from '../../../api/client';
import { readStored, STORAGE_KEYS } from '../../../lib/storage';
import type { PrivacyScopeName } from '../../privacy/api';

/** Client of /api/v1/privacy/breaches (src/modules/governance/breaches-routes.ts). */
export const CHECKLIST_ITEMS = [
  'contain',
  'preserve_evidence',
  'assess_risk',
  'reset_credentials',
  'notify_authority',
  'notify_subjects',
  'review_measures',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface Breach {
  id: string;
  title: string;
  nature: string;
  dataCategories: string[];
  approxSubjects: number;
  approxRecords: number | null;
  awareAt: string;
  detectedAt: string | null;
  systems: string | null;
  consequences: string | null;
  measures: string | null;
  /** The officer's reasons for notifying the authority after 72 hours. */
  lateReason: string | null;
  deadlines: { authority: string; subjects: string };
  authorityNotifiedAt: string | null;
  subjectsNotifiedAt: string | null;
  overdue: { authority: boolean; subjects: boolean };
  /** Notified after the deadline, or the deadline has passed: the report needs the reasons. */
  authorityLate: boolean;
}

export interface BreachDetail extends Breach {
  checklist: { item: ChecklistItem; doneAt: string | null; doneBy: string | null }[];
  timeline: { at: string; action: string; actorId: string | null }[];
  recipients: { queued: number; sent: number; failed: number };
  notifyJob: { id: string; status: string; done: number; total: number | null } | null;
}

export interface NewBreach {
  title: string;
  awareAt: string;
  nature: string;
  dataCategories: string[];
  approxSubjects: number;
  approxRecords?: number;
  detectedAt?: string;
  systems?: string;
  consequences?: string;
  measures?: string;
}

const enc = encodeURIComponent;
const q = (scope: PrivacyScopeName, extra = ''): string => {
  const parts = [scope === 'platform' ? 'scope=platform' : '', extra].filter(Boolean);
  return parts.length ? `?${parts.join('&')}` : '';
};
const base = '/api/v1/privacy/breaches';

export const breachesApi = {
  list: (scope: PrivacyScopeName) => api<{ data: Breach[] }>(`${base}${q(scope, 'limit=200')}`),
  get: (id: string, scope: PrivacyScopeName) => api<BreachDetail>(`${base}/${enc(id)}${q(scope)}`),
  create: (scope: PrivacyScopeName, body: NewBreach) =>
    api<{ id: string; deadlines: { authority: string; subjects: string } }>(`${base}${q(scope)}`, { method: 'POST', body }),
  tick: (id: string, scope: PrivacyScopeName, item: ChecklistItem, done: boolean) =>
    api<BreachDetail>(`${base}/${enc(id)}/checklist/${item}${q(scope)}`, { method: 'POST', body: { done } }),
  tables: (scope: PrivacyScopeName) =>
    api<{ data: { table: string; label: string; timeColumns: string[] }[] }>(`${base}/tables${q(scope)}`),
  affected: (id: string, scope: PrivacyScopeName, body: { tables: string[]; from: string; to: string }) =>
    api<{ count: number; subjects: { email: string; tables: string[] }[]; rule: string }>(
      `${base}/${enc(id)}/affected${q(scope)}`,
      { method: 'POST', body },
    ),
  notify: (id: string, scope: PrivacyScopeName) =>
    api<{ jobId: string | null; queued: number }>(`${base}/${enc(id)}/notify${q(scope)}`, { method: 'POST' }),
  retryFailed: (id: string, scope: PrivacyScopeName) =>
    api<{ jobId: string | null; queued: number }>(`${base}/${enc(id)}/notify/retry-failed${q(scope)}`, { method: 'POST' }),
  setLateReason: (id: string, scope: PrivacyScopeName, lateReason: string) =>
    api<BreachDetail>(`${base}/${enc(id)}${q(scope)}`, { method: 'PATCH', body: { lateReason } }),
};

/** The report as a file: fetched with the workspace header (a plain link could not send it), then handed to the browser. */
export async function openReport(id: string, scope: PrivacyScopeName, format: 'json' | 'html'): Promise<void> {
  const headers: Record<string, string> = {};
  const workspaceId = readStored(STORAGE_KEYS.workspace);
  if (workspaceId) headers['X-Workspace-Id'] = workspaceId;
  const res = await fetch(`${base}/${enc(id)}/report${q(scope, `format=${format}`)}`, { headers, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`report ${res.status}`);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  if (format === 'json') a.download = `breach-${id}.json`;
  else a.target = '_blank';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
