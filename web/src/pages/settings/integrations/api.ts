import { api } from '../../../api/client';
import type { integrations as en } from '../../../i18n/en/integrations';

/** Shapes of /api/v1/integrations (src/modules/integrations/schema.ts). */
export const PROVIDERS = ['mailchimp', 'brevo', 'google_analytics', 'meta', 'linkedin'] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface Connection {
  id: string;
  provider: Provider;
  status: 'connected' | 'error' | 'disconnected';
  audienceId: string | null;
  settings: Record<string, string | number>;
  lastSyncAt: string | null;
  lastError: string | null;
  /** The inbound webhook for opt-outs (Mailchimp, Brevo); null for the other tools. */
  webhook: {
    registered: boolean;
    registeredAt: string | null;
    lastEventAt: string | null;
    error: string | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Run {
  id: string;
  kind: RunKind;
  status: RunStatus;
  sent: number;
  skipped: number;
  received: number;
  failed: number;
  errors: string[];
  startedAt: string;
  finishedAt: string | null;
}

/** The fields each provider's connect form asks for; `secret` ones are password inputs, never shown again. */
export type FieldName = keyof typeof en.field;
export type RunKind = keyof typeof en.kind;
export type RunStatus = keyof typeof en.runStatus;

export const FIELDS: Record<Provider, { name: FieldName; secret?: boolean; numeric?: boolean; optional?: boolean }[]> =
  {
    mailchimp: [{ name: 'apiKey', secret: true }, { name: 'listId' }],
    brevo: [
      { name: 'apiKey', secret: true },
      { name: 'listId', numeric: true },
    ],
    google_analytics: [{ name: 'measurementId' }, { name: 'apiSecret', secret: true }],
    meta: [{ name: 'accessToken', secret: true }, { name: 'audienceId' }, { name: 'pixelId', optional: true }],
    linkedin: [{ name: 'accessToken', secret: true }, { name: 'segmentId' }, { name: 'conversionId', optional: true }],
  };

export const integrationsApi = {
  list: () => api<{ data: Connection[] }>('/api/v1/integrations'),
  connect: (body: Record<string, string | number>) => api<Connection>('/api/v1/integrations', { method: 'POST', body }),
  disconnect: (id: string) => api<undefined>(`/api/v1/integrations/${id}`, { method: 'DELETE' }),
  sync: (id: string) => api<{ jobIds: string[] }>(`/api/v1/integrations/${id}/sync`, { method: 'POST', body: {} }),
  runs: (id: string) => api<{ data: Run[]; nextCursor: string | null }>(`/api/v1/integrations/${id}/runs?limit=5`),
};
