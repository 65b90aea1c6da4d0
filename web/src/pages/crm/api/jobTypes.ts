/** Shapes of the import, dashboard and webhook APIs, as published in /api/openapi.json. */

import type { ImportObject } from './types';

export interface ColumnMapping {
  column: string;
  field: string | null;
}

export interface ImportPreview {
  id: string;
  status: 'previewed';
  object: ImportObject;
  total: number;
  mapping: ColumnMapping[];
  preview: { row: number; action: string; record: Record<string, unknown> }[];
  errors: { field: string; column: string | null; message: string; row: number }[];
  errorCount: number;
  wouldCreate: number;
  wouldUpdate: number;
  wouldSkip: number;
}

export type ImportStatusName = 'previewed' | 'queued' | 'running' | 'completed' | 'failed' | 'undone';

export interface ImportStatus {
  id: string;
  object: string;
  status: ImportStatusName;
  processed: number;
  total: number;
  errors: number;
  created: number;
  updated: number;
  skipped: number;
  fileName: string | null;
  undoneAt: string | null;
}

export type DedupeMode = 'create' | 'update' | 'skip';

export interface SalesDashboard {
  pipelineByStage: {
    pipelineId: string;
    stageId: string;
    stage: string;
    kind: string;
    probability: number;
    currency: string;
    count: number;
    amount: number;
  }[];
  wonLostByMonth: { month: string; currency: string; won: number; lost: number; wonAmount: number }[];
  forecast: { month: string; currency: string; weighted: number; total: number; count: number }[];
  activitiesByOwner: { userId: string; name: string; count: number }[];
}

export const WEBHOOK_EVENTS = [
  '*',
  'contact.*',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'company.*',
  'company.created',
  'company.updated',
  'company.deleted',
  'deal.*',
  'deal.created',
  'deal.updated',
  'deal.deleted',
  'ticket.*',
  'ticket.created',
  'ticket.updated',
] as const;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  status: 'active' | 'paused' | 'disabled';
  failureCount: number;
  createdAt: string;
  secret?: string;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  event: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  responseStatus: number | null;
  responseMs: number | null;
  error: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
