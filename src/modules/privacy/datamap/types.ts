import type { DialectName } from '../../../db/dialect.js';
import type { Database } from '../../../db/types.js';

/**
 * The vocabulary of the data map (invariant 1). Access, portability, correction, erasure and
 * retention are generic over it, so every value here is something that code acts on.
 */

/**
 * Who the rows belong to: `platform` (the deployment as a whole, the operator is controller),
 * `workspace` (one tenant's rows, carrying `workspace_id`, invariant 2), `system` (machinery of
 * the deployment that holds no data about anyone by design).
 */
export const TABLE_SCOPES = ['platform', 'workspace', 'system'] as const;
export type TableScope = (typeof TABLE_SCOPES)[number];

/**
 * The policy's kinds of personal data, plus `credential`: password hashes, TOTP secrets and token
 * hashes relate to one person, yet they are secrets guarding the account rather than information
 * about the person. Their own category lets access and portability exports leave them out (handing
 * them over would weaken the account), lets a breach report say that sign-in secrets were exposed
 * (which calls for forced resets), and lets the test forbid keeping them under a legal hold.
 */
export const CATEGORIES = ['identity', 'contact', 'billing', 'technical', 'usage', 'content', 'consent', 'credential'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * What erasure does to a value: delete the whole row, set NULL, rewrite to a fixed marker, replace
 * with a keyed hash, or keep it under a legal hold for `holdYears` (then the retention rule applies).
 */
export const ERASURES = ['delete_row', 'null', 'mask', 'pseudonymise', 'keep'] as const;
export type Erasure = (typeof ERASURES)[number];

/** The uses named in the privacy policy (section 3), plus processing a workspace's own records for it. */
export const PURPOSES = [
  'service',
  'security',
  'support',
  'product_improvement',
  'analytics',
  'marketing',
  'billing',
  'legal_compliance',
  'workspace_processing',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * GDPR Art. 6(1) bases (UU PDP Pasal 20 has the same list), plus `controller_instructions` for rows
 * the platform holds as a processor: there the basis is the workspace's, and ours is its
 * instructions (GDPR Art. 28(3)(a)).
 */
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
  'controller_instructions',
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** Third parties a table's data may reach (policy sections 4 and 9); ids of the sub-processor register. */
export const RECIPIENTS = ['smtp', 'stripe', 'midtrans', 'google_analytics', 'mailchimp', 'brevo', 'meta', 'linkedin'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/**
 * How a row finds its data subject: it is the subject's own row (`self`, keyed by `key`), it holds
 * the subject's `table.key` (default that table's own key) in `column`, optionally only when another
 * column has one of some values; or it is about nobody.
 */
export type SubjectLink =
  | { via: 'self'; key: string }
  | { via: 'column'; column: string; table: string; key?: string; when?: { column: string; in: string[] } }
  | { via: 'none' };

/** A link through a column (the `column` form of SubjectLink). */
export type ColumnLink = Extract<SubjectLink, { via: 'column' }>;

/**
 * Links per scope, for tables that serve both scopes (privacy and consent tables, where a null
 * `workspace_id` marks a platform row): in that scope the rows belong to the subject when any of
 * the links matches, and `subject` is not used. A scope left out has no rows of this table.
 */
export interface ScopeLinks {
  platform?: ColumnLink[];
  workspace?: ColumnLink[];
}

/** How long rows live: always in words; `days` after the time in column `after` when a job can act on it. */
export interface Retention {
  summary: string;
  days?: number;
  after?: string;
}

interface ColumnBase {
  description: string;
  /** Present only on this database (e.g. a search column); absent elsewhere without being stale. */
  dialect?: DialectName;
}

export interface PlainColumn extends ColumnBase {
  personal: false;
}

export type PersonalColumn = ColumnBase & {
  personal: true;
  category: Category;
  /** The subject may correct it themselves (profile settings). */
  selfService?: true;
} & ({ erasure: Exclude<Erasure, 'keep'> } | { erasure: 'keep'; holdYears: number });

export type ColumnEntry = PlainColumn | PersonalColumn;

export interface TableEntry<C extends string = string> {
  /** A short name people read instead of the SQL name (certificates, the officer's views); Bahasa Indonesia in table-labels.ts. */
  label?: string;
  description: string;
  scope: TableScope;
  subject: SubjectLink;
  /** Per-scope links overriding `subject`; a table with `platform` links also holds platform rows (workspace_id null). */
  scopeLinks?: ScopeLinks;
  purposes: Purpose[];
  lawfulBasis: LawfulBasis;
  retention: Retention;
  recipients: Recipient[];
  /** Present only on this database (e.g. an SQLite FTS table). */
  dialect?: DialectName;
  columns: Record<C, ColumnEntry>;
}

/**
 * One file's entries. Tables Kysely knows (src/db/types.ts) must list every column of their row
 * type, so a column added to the types without a classification fails the type check already.
 */
export type TableMap = { [T in keyof Database]?: TableEntry<keyof Database[T] & string> } & Record<string, TableEntry>;

/** Identity with a type check: `export const fooTables = defineTables({ ... })`. */
export function defineTables<M extends TableMap>(map: M): M {
  return map;
}

/** A column that holds no personal data. */
export function plain(description: string, opts: { dialect?: DialectName } = {}): PlainColumn {
  return { personal: false, description, ...opts };
}

/** A personal column with its category and erasure strategy (use `held` for `keep`). */
export function personal(
  category: Category,
  erasure: Exclude<Erasure, 'keep'>,
  description: string,
  opts: { selfService?: true; dialect?: DialectName } = {},
): PersonalColumn {
  return { personal: true, category, erasure, description, ...opts };
}

/** A personal column kept through erasure under a legal hold of `holdYears`. */
export function held(category: Category, holdYears: number, description: string, opts: { dialect?: DialectName } = {}): PersonalColumn {
  return { personal: true, category, erasure: 'keep', holdYears, description, ...opts };
}
