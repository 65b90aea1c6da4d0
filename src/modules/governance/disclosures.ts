/**
 * The disclosure and transfer log (policy §4, §9, §10; GDPR Art. 30(1)(d)–(e); UU PDP Pasal 56):
 * each batch of personal data that actually flowed to a sub-processor, with whether it crossed a
 * border (the processor's country differs from the data region of the workspace, or the
 * operator's for its own processing) and the transfer mechanism the register names for it.
 *
 * What counts as a disclosure here:
 * - Outgoing mail, when SMTP_URL points at a provider the operator registered as the `smtp`
 *   sub-processor with a country. A register entry without a country is the operator's own mail
 *   server (the shipped default): nothing leaves the operator, nothing is logged. The outbox
 *   transport writes local files: nothing is logged either.
 * - Integrations that send personal data to a registered processor (ad audiences, mailing-list
 *   syncs) call `logDisclosure` once per sync batch.
 * - Not webhook deliveries: a workspace's webhook endpoints are its own systems (or processors it
 *   chose and contracted itself); the workspace is controller and decides that flow, so it is not
 *   a disclosure to one of the platform's sub-processors and belongs in the workspace's own records.
 */
import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import type { MailFlowBatch } from '../../mail/disclosure.js';
import type { Purpose } from '../privacy/datamap/types.js';
import * as repo from './disclosures-repo.js';
import type { DisclosureLogTable } from './tables.js';
import { listSubprocessors, PLATFORM_REGION, workspaceRegion } from './subprocessors.js';

export interface Disclosure {
  /** Null: the operator's own processing. */
  workspaceId: string | null;
  /** Key of the sub-processor register (the data map's recipient id). */
  subprocessor: string;
  /** What sent it: `mail`, or the integration's key. */
  source: string;
  purpose: Purpose;
  /** Categories of the data that flowed; the register's categories for that processor when left out. */
  dataCategories?: string[];
  /** People whose data flowed in this batch (a count: the log holds no addresses). */
  subjectCount: number;
  /** First and last flow of the batch (default: now). */
  firstAt?: string;
  lastAt?: string;
}

export interface DisclosureView {
  id: string;
  workspaceId: string | null;
  subprocessor: string;
  source: string;
  purpose: string;
  dataCategories: string[];
  subjectCount: number;
  country: string | null;
  dataRegion: string;
  crossBorder: boolean;
  mechanism: string | null;
  firstAt: string;
  lastAt: string;
  createdAt: string;
}

/**
 * Records one batch. Returns null when nothing flowed (no subjects), and throws for a processor the
 * register does not know: a flow to an unregistered processor is a bug the caller must fix.
 */
export async function logDisclosure(ctx: AppContext, d: Disclosure): Promise<DisclosureView | null> {
  if (d.subjectCount <= 0) return null;
  const sp = (await listSubprocessors(ctx)).find((s) => s.key === d.subprocessor);
  if (!sp) throw new Error(`no sub-processor ${d.subprocessor} in the register`);
  const region = d.workspaceId === null ? PLATFORM_REGION : await workspaceRegion(ctx, d.workspaceId);
  const crossBorder = sp.country !== null && sp.country !== region;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const row = {
    id: newId('dsc', now.getTime()),
    workspace_id: d.workspaceId,
    subprocessor_key: sp.key,
    source: d.source,
    purpose: d.purpose,
    data_categories: JSON.stringify(d.dataCategories ?? sp.dataCategories),
    subject_count: d.subjectCount,
    country: sp.country,
    data_region: region,
    cross_border: crossBorder ? 1 : 0,
    mechanism: crossBorder ? sp.mechanism : null,
    first_at: d.firstAt ?? at,
    last_at: d.lastAt ?? at,
    created_at: at,
  };
  await repo.insert(ctx.db.k, row);
  return toView(row);
}

function toView(r: DisclosureLogTable): DisclosureView {
  const categories: unknown = JSON.parse(r.data_categories);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    subprocessor: r.subprocessor_key,
    source: r.source,
    purpose: r.purpose,
    dataCategories: Array.isArray(categories) ? categories.map(String) : [],
    subjectCount: r.subject_count,
    country: r.country,
    dataRegion: r.data_region,
    crossBorder: r.cross_border === 1,
    mechanism: r.mechanism,
    firstAt: r.first_at,
    lastAt: r.last_at,
    createdAt: r.created_at,
  };
}

export interface ListQuery {
  limit: number;
  cursor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  subprocessor?: string | undefined;
  crossBorder?: boolean | undefined;
}

const encodeCursor = (r: { created_at: string; id: string }): string => Buffer.from(JSON.stringify([r.created_at, r.id])).toString('base64url');
function decodeCursor(c: string | undefined): { createdAt: string; id: string } | undefined {
  if (!c) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return { createdAt: v[0], id: v[1] };
  } catch {
    // A malformed cursor reads as none.
  }
  return undefined;
}

/** One scope's log, newest first, with filters. */
export async function listDisclosures(ctx: AppContext, workspaceId: string | null, q: ListQuery): Promise<{ data: DisclosureView[]; nextCursor: string | null }> {
  const rows = await repo.list(ctx.db.k, { workspaceId, from: q.from, to: q.to, subprocessor: q.subprocessor, crossBorder: q.crossBorder, before: decodeCursor(q.cursor) }, q.limit);
  const last = rows[rows.length - 1];
  return { data: rows.map(toView), nextCursor: rows.length === q.limit && last ? encodeCursor(last) : null };
}

const CSV_HEADER = ['created_at', 'subprocessor', 'source', 'purpose', 'data_categories', 'subject_count', 'country', 'data_region', 'cross_border', 'mechanism', 'first_at', 'last_at'];
const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  // Quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Every row of the filter as CSV (pages of 1,000 read in turn). */
export async function disclosuresCsv(ctx: AppContext, workspaceId: string | null, q: Omit<ListQuery, 'limit' | 'cursor'>): Promise<string> {
  const lines = [CSV_HEADER.join(',')];
  let cursor: string | undefined;
  for (;;) {
    const page = await listDisclosures(ctx, workspaceId, { ...q, limit: 1000, cursor });
    for (const d of page.data) {
      lines.push([d.createdAt, d.subprocessor, d.source, d.purpose, d.dataCategories.join(' '), d.subjectCount, d.country, d.dataRegion, d.crossBorder ? 'yes' : 'no', d.mechanism, d.firstAt, d.lastAt].map(cell).join(','));
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ActualTransfer {
  key: string;
  purpose: string;
  country: string | null;
  mechanism: string | null;
  batches: number;
  subjects: number;
  firstAt: string;
  lastAt: string;
}

/** The transfers the log shows for a scope, per processor and purpose (for the records of processing). */
export async function actualTransfers(ctx: AppContext, workspaceId: string | null): Promise<ActualTransfer[]> {
  return (await repo.transferTotals(ctx.db.k, workspaceId)).map((t) => ({
    key: t.subprocessor_key, purpose: t.purpose, country: t.country, mechanism: t.mechanism, batches: t.batches, subjects: t.subjects, firstAt: t.first_at, lastAt: t.last_at,
  }));
}

/**
 * The mail path's batches (src/mail/disclosure.ts) into the log: only when the register names the
 * mail provider's country, i.e. the operator uses a third party's mail service (see the top).
 */
export async function logMailFlows(ctx: AppContext, batches: MailFlowBatch[]): Promise<void> {
  const smtp = (await listSubprocessors(ctx)).find((s) => s.key === 'smtp');
  if (!smtp?.country) return;
  for (const b of batches) {
    await logDisclosure(ctx, { workspaceId: b.workspaceId, subprocessor: 'smtp', source: 'mail', purpose: b.purpose, subjectCount: b.subjects, firstAt: b.firstAt, lastAt: b.lastAt });
  }
}
