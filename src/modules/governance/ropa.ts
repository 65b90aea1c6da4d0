import type { AppContext } from '../../context.js';
import { escapeHtml } from '../../mail/layout.js';
import { DATAMAP } from '../privacy/datamap.js';
import { PURPOSES, type Purpose, type TableEntry } from '../privacy/datamap/types.js';
import { countryName } from '../privacy/recipients.js';
import { actualTransfers, type ActualTransfer } from './disclosures.js';
import { transfersFor, type TransferView } from './subprocessors.js';

/**
 * Records of processing activities (GDPR Art. 30), generated from the data map (tables, purposes,
 * lawful bases, categories, retention), the sub-processor register and the transfers it implies
 * for a data region. The platform record covers what the operator controls (platform and system
 * tables); a workspace's record covers the tables it controls in its workspace.
 */
export interface RopaActivity {
  purpose: Purpose;
  lawfulBases: string[];
  dataSubjects: string[];
  dataCategories: string[];
  tables: { name: string; label: string; retention: string }[];
  recipients: { key: string; name: string; country: string | null }[];
  transfers: { key: string; name: string; country: string; mechanism: string }[];
}

export interface Ropa {
  controller: { name: string; contact: string };
  scope: 'platform' | 'workspace';
  dataRegion: string;
  generatedAt: string;
  activities: RopaActivity[];
  /** Transfers abroad actually made, from the disclosure log (per processor and purpose), beside the ones the register allows. */
  transfersMade: (ActualTransfer & { name: string })[];
}

function subjectOf(e: TableEntry): string | null {
  if (e.subject.via === 'none') return null;
  const table = e.subject.via === 'self' ? null : e.subject.table;
  if (!table) return e.label ?? null;
  return DATAMAP[table]?.label ?? table;
}

export async function buildRopa(ctx: AppContext, opts: { scope: 'platform' | 'workspace'; workspaceId: string | null; controller: string; dataRegion: string }): Promise<Ropa> {
  const register = new Map<string, TransferView>((await transfersFor(ctx, opts.dataRegion)).map((s) => [s.key, s]));
  const inScope = Object.entries(DATAMAP).filter(([, e]) => (opts.scope === 'workspace' ? e.scope === 'workspace' : e.scope !== 'workspace'));
  const activities: RopaActivity[] = [];
  for (const purpose of PURPOSES) {
    const tables = inScope.filter(([, e]) => e.purposes.includes(purpose));
    const personal = tables.filter(([, e]) => Object.values(e.columns).some((c) => c.personal));
    if (personal.length === 0) continue;
    const set = <T>(xs: T[]): T[] => [...new Set(xs)].sort();
    const recipientKeys = set(personal.flatMap(([, e]) => e.recipients));
    const recipients = recipientKeys.flatMap((k) => {
      const s = register.get(k);
      return s ? [s] : [];
    });
    activities.push({
      purpose,
      lawfulBases: set(personal.map(([, e]) => e.lawfulBasis)),
      dataSubjects: set(personal.flatMap(([, e]) => subjectOf(e) ?? [])),
      dataCategories: set(personal.flatMap(([, e]) => Object.values(e.columns).flatMap((c) => (c.personal ? [c.category] : [])))),
      tables: personal.map(([name, e]) => ({ name, label: e.label ?? name, retention: e.retention.summary })),
      recipients: recipients.map((s) => ({ key: s.key, name: s.name, country: s.country })),
      transfers: recipients.flatMap((s) => (s.transfer && s.country ? [{ key: s.key, name: s.name, country: s.country, mechanism: s.mechanism }] : [])),
    });
  }
  return {
    controller: { name: opts.controller, contact: ctx.config.operator.email },
    scope: opts.scope,
    dataRegion: opts.dataRegion,
    generatedAt: ctx.clock.now().toISOString(),
    activities,
    transfersMade: (await actualTransfers(ctx, opts.workspaceId)).map((t) => ({ ...t, name: register.get(t.key)?.name ?? t.key })),
  };
}

/** A printable page of the record (the browser's print dialog makes the PDF). */
export function ropaHtml(r: Ropa): string {
  const list = (xs: string[]) => escapeHtml(xs.join(', ') || '—');
  const sections = r.activities
    .map(
      (a) => `<section><h2>${escapeHtml(a.purpose.replace(/_/g, ' '))}</h2><table>
<tr><th>Lawful basis</th><td>${list(a.lawfulBases)}</td></tr>
<tr><th>Categories of data subjects</th><td>${list(a.dataSubjects)}</td></tr>
<tr><th>Categories of personal data</th><td>${list(a.dataCategories)}</td></tr>
<tr><th>Recipients</th><td>${list(a.recipients.map((x) => `${x.name}${x.country ? ` (${countryName(x.country)})` : ''}`))}</td></tr>
<tr><th>Transfers outside ${escapeHtml(countryName(r.dataRegion))}</th><td>${list(a.transfers.map((x) => `${x.name} → ${countryName(x.country)} (${x.mechanism})`))}</td></tr>
<tr><th>Records and retention</th><td><ul>${a.tables.map((t) => `<li>${escapeHtml(t.label)}: ${escapeHtml(t.retention)}</li>`).join('')}</ul></td></tr>
</table></section>`,
    )
    .join('\n');
  const made = r.transfersMade.length
    ? `<table><tr><th>Processor</th><th>Purpose</th><th>Country</th><th>Mechanism</th><th>Batches</th><th>People</th><th>Period</th></tr>${r.transfersMade
        .map((t) => `<tr><td>${escapeHtml(t.name)}</td><td>${escapeHtml(t.purpose)}</td><td>${escapeHtml(t.country ? countryName(t.country) : '—')}</td><td>${escapeHtml(t.mechanism ?? '—')}</td><td>${t.batches}</td><td>${t.subjects}</td><td>${escapeHtml(t.firstAt.slice(0, 10))} – ${escapeHtml(t.lastAt.slice(0, 10))}</td></tr>`)
        .join('')}</table>`
    : '<p>None recorded.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Records of processing activities</title>
<style>body{font-family:system-ui,Arial,sans-serif;max-width:900px;margin:24px auto;color:#1a1b1e}table{border-collapse:collapse;width:100%;margin-bottom:16px}th,td{border:1px solid #ced4da;padding:6px 8px;text-align:left;vertical-align:top}th{width:28%;background:#f1f3f5}section{break-inside:avoid}</style></head>
<body><h1>Records of processing activities (GDPR Art. 30)</h1>
<p>Controller: ${escapeHtml(r.controller.name)} · Contact: ${escapeHtml(r.controller.contact)} · Data region: ${escapeHtml(countryName(r.dataRegion))} · Generated ${escapeHtml(r.generatedAt)}</p>
${sections}
<section><h2>Transfers made (disclosure log)</h2>${made}</section></body></html>`;
}
