import { writeFileSync } from 'node:fs';
import type { AppContext } from '../context.js';
import { normaliseEmail } from '../modules/accounts/service.js';
import * as audit from '../modules/audit/service.js';
import type { PrivacyScope } from '../modules/privacy/engine-types.js';
import { eraseSubject, replayErasures } from '../modules/privacy/erasure.js';
import { buildExport, redeemExport } from '../modules/privacy/export.js';
import { resolveSubject } from '../modules/privacy/subject.js';
import { REQUEST_STATUSES, type RequestStatus } from '../modules/privacy/tables.js';
import { findWorkspace } from '../modules/workspaces/repo.js';

/** `kodepos privacy …`: the officer's tools on the command line, run as the system actor. */
export type Log = (line: string) => void;

async function scopeOf(ctx: AppContext, workspace: string | undefined): Promise<PrivacyScope> {
  if (!workspace) return { kind: 'platform' };
  if (!(await findWorkspace(ctx.db.k, workspace))) throw new Error(`No workspace ${workspace}`);
  return { kind: 'workspace', workspaceId: workspace };
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

/** Lists requests, soonest due first; no addresses are printed, only ids. */
export async function listRequests(ctx: AppContext, opts: { status?: string; workspace?: string }, log: Log): Promise<number> {
  if (opts.status && !(REQUEST_STATUSES as readonly string[]).includes(opts.status)) throw new Error(`--status must be one of ${REQUEST_STATUSES.join(', ')}`);
  let q = ctx.db.k.selectFrom('privacy_requests').select(['id', 'type', 'status', 'workspace_id', 'jurisdiction', 'received_at', 'due_at']);
  if (opts.status) q = q.where('status', '=', opts.status as RequestStatus);
  if (opts.workspace) q = q.where('workspace_id', '=', opts.workspace);
  const rows = await q.orderBy('due_at').orderBy('id').limit(1000).execute();
  if (!rows.length) {
    log('No privacy requests.');
    return 0;
  }
  const now = ctx.clock.now().getTime();
  const open = new Set(['unverified', 'open', 'processing']);
  const lines = table([
    ['ID', 'TYPE', 'STATUS', 'SCOPE', 'LAW', 'RECEIVED', 'DUE'],
    ...rows.map((r) => [
      r.id, r.type, r.status, r.workspace_id ?? 'platform', r.jurisdiction, r.received_at.slice(0, 16).replace('T', ' '),
      `${r.due_at.slice(0, 16).replace('T', ' ')}${open.has(r.status) && new Date(r.due_at).getTime() < now ? ' OVERDUE' : ''}`,
    ]),
  ]);
  for (const l of lines) log(l);
  return rows.length;
}

/** Writes the subject's export ZIP to `out` (the stored copy is redeemed, so it does not linger). */
export async function exportSubject(ctx: AppContext, opts: { email: string; workspace?: string; out?: string }, log: Log): Promise<string> {
  const scope = await scopeOf(ctx, opts.workspace);
  const rows = await resolveSubject(ctx, scope, { emails: [normaliseEmail(opts.email)], phones: [] });
  if (!rows.roots.length) throw new Error('No data subject with that email in this scope');
  const exp = await buildExport(ctx, scope, rows);
  const file = await redeemExport(ctx, exp.token);
  const out = opts.out ?? `kodepos-export-${ctx.clock.now().toISOString().slice(0, 10)}.zip`;
  writeFileSync(out, file.buffer, { mode: 0o600 });
  log(`Wrote ${out}: ${exp.tables.reduce((n, t) => n + t.rows, 0)} rows from ${exp.tables.length} tables`);
  return out;
}

export async function eraseFromCli(ctx: AppContext, opts: { email: string; workspace?: string; yes?: boolean }, log: Log): Promise<void> {
  if (!opts.yes) throw new Error('Erasure cannot be undone: add --yes to confirm');
  const scope = await scopeOf(ctx, opts.workspace);
  const rows = await resolveSubject(ctx, scope, { emails: [normaliseEmail(opts.email)], phones: [] });
  if (!rows.roots.length) throw new Error('No data subject with that email in this scope');
  const report = await eraseSubject(ctx, scope, rows, { actor: audit.SYSTEM });
  log(`Erased: ${report.tables.map((t) => `${t.table} ${t.rows} (${t.action})`).join(', ') || 'nothing'}`);
  for (const h of report.legalHolds) log(`Kept under a legal hold: ${h.table} ${h.rows} row(s) for ${h.holdYears} years (${h.reason})`);
  if (report.processorTasks.length) log(`Processor deletion tasks queued: ${report.processorTasks.join(', ')}`);
}

export async function replayFromCli(ctx: AppContext, log: Log): Promise<void> {
  const result = await replayErasures(ctx);
  log(`Erasure journal re-applied: ${JSON.stringify(result)}`);
}
