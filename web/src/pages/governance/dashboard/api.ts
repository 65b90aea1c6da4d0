import { api } from '../../../api/client';
import type { PrivacyScopeName } from '../../privacy/api';

/** Client of GET /api/v1/privacy/dashboard (src/modules/governance/retention-routes.ts). */
export interface ProtectionDashboard {
  generatedAt: string;
  requests: { open: number; overdue: number; dueSoon: number; next: { id: string; type: string; status: string; dueAt: string }[] };
  breaches: { open: number; overdue: number };
  retention: { nextRunAt: string; actions: { table: string; action: string; rows: number }[] } | null;
  consent: { windowDays: number; purposes: { purpose: string; granted: number; denied: number; rate: number | null }[] };
}

export const protectionDashboardApi = {
  get: (scope: PrivacyScopeName) => api<ProtectionDashboard>(`/api/v1/privacy/dashboard?scope=${scope}`),
};
