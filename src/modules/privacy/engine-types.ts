/**
 * The contract between the privacy engine (subject resolution, export, erasure: subject.ts,
 * export*.ts, erasure*.ts) and the request workflow (requests-*.ts) that drives it. Both sides
 * work from the data map; nothing here names a table.
 */
import type { ConsentPurpose } from './tables.js';

/** Whose data: the platform's own (operator is controller) or one workspace's contacts. */
export type PrivacyScope = { kind: 'platform' } | { kind: 'workspace'; workspaceId: string };

/** What identifies the person: verified addresses and phone numbers, and an account when signed in. */
export interface SubjectIdentifiers {
  emails: string[];
  phones: string[];
  userId?: string;
}

/** Every row of the subject in one scope: table name → primary-key values (as strings, sorted). */
export interface SubjectRows {
  scope: PrivacyScope;
  tables: Record<string, string[]>;
  /** The subject rows themselves (users or contacts), for flags and corrections. */
  roots: { table: 'users' | 'contacts'; id: string }[];
  /** What the rows were found by; erasure uses the addresses to find outbox mails and processor references. */
  identifiers?: SubjectIdentifiers;
}

/** A table's name for people, per language (the data map's label; stored so results read the same later). */
export interface TableLabels {
  en: string;
  id: string;
}

/** What an erasure did, ids and counts only (stored in privacy_requests.result, shown to the officer). */
export interface ErasureReport {
  erasedAt: string;
  tables: { table: string; labels: TableLabels; rows: number; action: 'delete_row' | 'anonymise' }[];
  /** Rows kept under a legal hold (pseudonymised), named in the completion email. */
  legalHolds: { table: string; labels: TableLabels; rows: number; holdYears: number; reason: string }[];
  /** Processor deletion tasks queued (recipient ids). */
  processorTasks: string[];
  /** Files removed from DATA_DIR (outbox mails, export files). */
  filesRemoved: number;
}

/** A finished access or portability export. */
export interface ExportResult {
  exportId: string;
  /** The single-use download link token (only its hash is stored). */
  token: string;
  expiresAt: string;
  tables: { table: string; labels: TableLabels; rows: number }[];
}

/** The consent gate's answer (invariant 3). */
export interface GateDecision {
  allowed: boolean;
  reason: 'granted' | 'not_required' | 'no_consent' | 'withdrawn' | 'restricted' | 'gpc' | 'suppressed' | 'unknown_subject';
  purpose: ConsentPurpose;
}
