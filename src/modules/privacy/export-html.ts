/**
 * The human-readable access report (GDPR Art. 15, UU PDP Pasal 32): all of a subject's data, and per
 * table what it is for, where it came from, the basis, who receives it, how long it stays and
 * whether it leaves Indonesia. Self-contained (inline style, no scripts, no external requests)
 * and every value escaped: the data is whatever people typed.
 */
import type { ColumnEntry, Recipient, TableEntry } from './datamap/types.js';
import { countryName, isTransfer, RECIPIENT_INFO } from './recipients.js';

export interface ExportTable {
  table: string;
  entry: TableEntry;
  /** The columns exported (credentials left out), in data-map order. */
  columns: [string, ColumnEntry][];
  rows: Record<string, unknown>[];
}

export interface ReportMeta {
  operator: string;
  scopeLabel: string;
  generatedAt: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}

/** A cell as text: objects (JSON columns on PostgreSQL) as JSON, nothing as an empty string. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

const words = (id: string): string => id.replace(/_/g, ' ');

function recipientLine(r: Recipient): string {
  const info = RECIPIENT_INFO[r];
  const where = info.country ? countryName(info.country) : 'chosen by the operator';
  return `${escapeHtml(info.name)} (${escapeHtml(info.role)}; ${escapeHtml(where)})`;
}

function tableSection(t: ExportTable): string {
  const e = t.entry;
  const categories = [...new Set(t.columns.flatMap(([, c]) => (c.personal ? [c.category] : [])))];
  const transfers = e.recipients.filter(isTransfer);
  const facts: [string, string][] = [
    ['What it is', escapeHtml(e.description)],
    ['Categories of data', categories.length ? escapeHtml(categories.join(', ')) : 'none personal'],
    ['Purposes', escapeHtml(e.purposes.map(words).join(', '))],
    ['Lawful basis', escapeHtml(words(e.lawfulBasis))],
    ['Recipients (sub-processors)', e.recipients.length ? e.recipients.map(recipientLine).join('; ') : 'none'],
    ['Retention', escapeHtml(e.retention.summary)],
    ['Transfers outside Indonesia', transfers.length ? transfers.map(recipientLine).join('; ') : 'none'],
  ];
  const head = t.columns.map(([name, c]) => `<th title="${escapeHtml(c.description)}">${escapeHtml(name)}${c.personal ? `<br><small>${escapeHtml(c.category)}</small>` : ''}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${t.columns.map(([name]) => `<td>${escapeHtml(cellText(r[name]))}</td>`).join('')}</tr>`).join('\n');
  const legend = t.columns.map(([name, c]) => `<li><code>${escapeHtml(name)}</code>: ${escapeHtml(c.description)}</li>`).join('');
  return `<section id="${escapeHtml(t.table)}">
<h2>${escapeHtml(e.label ?? t.table)} <small>(${t.rows.length} ${t.rows.length === 1 ? 'record' : 'records'}; files ${escapeHtml(t.table)}.json and .csv)</small></h2>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>
<details><summary>What each column means</summary><ul>${legend}</ul></details>
</section>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left;white-space:pre-wrap}
th small{font-weight:400;color:#666}`;

/** The whole report as one HTML document. */
export function renderReportHtml(meta: ReportMeta, tables: readonly ExportTable[]): string {
  const toc = tables.map((t) => `<li><a href="#${escapeHtml(t.table)}">${escapeHtml(t.entry.label ?? t.table)}</a>: ${escapeHtml(t.entry.description)} (${t.rows.length})</li>`).join('');
  const sections = tables.map(tableSection).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Your personal data held by ${escapeHtml(meta.operator)}</title><style>${STYLE}</style></head>
<body>
<h1>Your personal data held by ${escapeHtml(meta.operator)}</h1>
<p>Scope: ${escapeHtml(meta.scopeLabel)}. Generated ${escapeHtml(meta.generatedAt)}.
Sign-in secrets (password hashes, two-factor secrets, link tokens) are left out on purpose: handing them over would weaken your account.
The same data is in the JSON and CSV files of this archive, described by schema.json.</p>
<p>Website analytics: the page views and feature use recorded under a visitor id linked to you (when you signed in, or made a cookie choice while signed in, having allowed analytics) are included, and a deletion request erases them.
Visits recorded without analytics consent, or under a visitor id never linked to you, are anonymous to us: nothing in them says they were yours, so they can neither be shown to you nor erased as yours.</p>
${tables.length ? `<ul>${toc}</ul>` : '<p>We hold no data about you in this scope.</p>'}
${sections}
</body></html>
`;
}
