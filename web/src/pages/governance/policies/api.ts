import { api } from '../../../api/client';

/** Client of the policy and sub-processor routes (src/modules/governance/policies-routes.ts, subprocessors-routes.ts). */
export interface PolicyVersion {
  id: string;
  version: string;
  markdown: string;
  effectiveAt: string;
  material: boolean;
  status: 'draft' | 'scheduled' | 'current' | 'superseded';
  publishedAt: string | null;
  lastUpdated: string | null;
  createdAt: string;
  noticeJobId: string | null;
}

export interface PolicyDetail extends PolicyVersion {
  notice: { status: string; done: number; total: number | null } | null;
}

export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}

export interface PolicyDiff {
  from: { id: string; version: string };
  to: { id: string; version: string };
  lines: DiffLine[];
}

export interface NewPolicy {
  version: string;
  markdown: string;
  effectiveAt: string;
  material: boolean;
}

export const MECHANISMS = ['adequacy', 'scc', 'consent'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

export interface Subprocessor {
  key: string;
  name: string;
  purpose: string;
  dataCategories: string[];
  country: string | null;
  mechanism: Mechanism;
  dpaDate: string | null;
  updatedAt: string;
}

export type SubprocessorPatch = Partial<Omit<Subprocessor, 'key' | 'updatedAt'>>;

export interface AcceptanceState {
  required: boolean;
  policy: { id: string; version: string; effectiveAt: string } | null;
}

const BASE = '/api/v1/platform/policies';

export const policiesApi = {
  list: () => api<{ data: PolicyVersion[] }>(BASE).then((r) => r.data),
  get: (id: string) => api<PolicyDetail>(`${BASE}/${encodeURIComponent(id)}`),
  create: (body: NewPolicy) => api<{ id: string }>(BASE, { method: 'POST', body }),
  publish: (id: string) => api<{ id: string; jobId: string }>(`${BASE}/${encodeURIComponent(id)}/publish`, { method: 'POST' }),
  diff: (from: string, to: string) => api<PolicyDiff>(`${BASE}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  current: () => api<{ version: string; markdown: string; effectiveAt: string; lastUpdated: string }>('/public/v1/policy'),
  acceptance: () => api<AcceptanceState>('/api/v1/policies/acceptance'),
  accept: () => api<{ version: string }>('/api/v1/policies/accept', { method: 'POST' }),
  subprocessors: () => api<{ data: Subprocessor[] }>('/api/v1/platform/subprocessors').then((r) => r.data),
  updateSubprocessor: (key: string, body: SubprocessorPatch) => api<Subprocessor>(`/api/v1/platform/subprocessors/${encodeURIComponent(key)}`, { method: 'PATCH', body }),
};
