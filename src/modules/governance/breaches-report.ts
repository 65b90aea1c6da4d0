/**
 * The report to the supervisory authority, as JSON and as printable HTML. Its fields are those of
 * GDPR Art. 33(3) (nature with categories and approximate numbers of subjects and records, the DPO
 * contact, likely consequences, measures taken or proposed) and of UU PDP Pasal 46(2) (what data,
 * when and how it was breached, handling and recovery efforts).
 */
import type { AppContext } from '../../context.js';
import { escapeHtml } from '../../mail/layout.js';
import { DEADLINE_RULES } from './breaches-deadlines.js';
import * as repo from './breaches-repo.js';
import { authorityLate, controllerOf, find, type OfficerScope } from './breaches-service.js';

export interface AuthorityReport {
  breachId: string;
  generatedAt: string;
  controller: string;
  gdpr: {
    nature: string;
    dataCategories: string[];
    approxSubjects: number;
    approxRecords: number | null;
    dpoContact: { name: string; email: string };
    likelyConsequences: string | null;
    measures: string | null;
    awareAt: string;
    deadline: string;
    notifiedAt: string | null;
    /** True when the notice is (or would now be) after the 72-hour deadline. */
    late: boolean;
    /** The officer's reasons for the delay (GDPR Art. 33(1)); null when not late or not written yet. */
    delayReason: string | null;
  };
  uuPdp: {
    dataConcerned: string[];
    when: { occurredAt: string | null; awareAt: string };
    how: string;
    systems: string | null;
    handlingAndRecovery: string | null;
    deadline: string;
  };
  subjectsNotified: { sent: number; failed: number; queued: number };
  deadlineRules: typeof DEADLINE_RULES;
}

export async function buildReport(ctx: AppContext, s: OfficerScope, id: string): Promise<AuthorityReport> {
  const b = await find(ctx, s, id);
  const who = await controllerOf(ctx, b.workspace_id);
  const counts = await repo.recipientCounts(ctx.db.k, id);
  const categories = JSON.parse(b.data_categories) as string[];
  const notified = b.authority_notified_at;
  const late = authorityLate(b, ctx.clock.now().getTime());
  return {
    breachId: b.id,
    generatedAt: ctx.clock.now().toISOString(),
    controller: who.controller,
    gdpr: {
      nature: b.nature, dataCategories: categories, approxSubjects: b.approx_subjects, approxRecords: b.approx_records,
      dpoContact: { name: who.dpoName, email: who.dpoEmail }, likelyConsequences: b.consequences, measures: b.measures,
      awareAt: b.aware_at, deadline: b.authority_due_at, notifiedAt: notified, late,
      // Art. 33(1): a late notice carries its reasons, in the officer's own words (the lateReason field).
      delayReason: late ? b.late_reason : null,
    },
    uuPdp: { dataConcerned: categories, when: { occurredAt: b.detected_at, awareAt: b.aware_at }, how: b.nature, systems: b.systems, handlingAndRecovery: b.measures, deadline: b.subjects_due_at },
    subjectsNotified: { sent: counts.sent, failed: counts.failed, queued: counts.queued },
    deadlineRules: DEADLINE_RULES,
  };
}

const row = (label: string, value: string | number | null): string => `<tr><th>${escapeHtml(label)}</th><td>${value === null || value === '' ? '—' : escapeHtml(String(value))}</td></tr>`;

export function reportHtml(r: AuthorityReport): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Breach report ${escapeHtml(r.breachId)}</title>
<style>body{font-family:Arial,Helvetica,sans-serif;max-width:800px;margin:24px auto;color:#1a1b1e}table{border-collapse:collapse;width:100%;margin-bottom:24px}th,td{border:1px solid #ccc;padding:6px 8px;text-align:left;vertical-align:top}th{width:35%;background:#f4f6f8}@media print{body{margin:0}}</style></head><body>
<h1>Personal data breach report</h1>
<p>Controller: ${escapeHtml(r.controller)} · Breach ${escapeHtml(r.breachId)} · Generated ${escapeHtml(r.generatedAt)}</p>
<h2>GDPR Art. 33(3)</h2><table>
${row('Nature of the breach', r.gdpr.nature)}
${row('Categories of personal data', r.gdpr.dataCategories.join(', '))}
${row('Approximate number of data subjects', r.gdpr.approxSubjects)}
${row('Approximate number of records', r.gdpr.approxRecords)}
${row('Data protection officer', `${r.gdpr.dpoContact.name} <${r.gdpr.dpoContact.email}>`)}
${row('Likely consequences', r.gdpr.likelyConsequences)}
${row('Measures taken or proposed', r.gdpr.measures)}
${row('Became aware', r.gdpr.awareAt)}
${row('Deadline (72 hours)', r.gdpr.deadline)}
${row('Authority notified', r.gdpr.notifiedAt)}
${r.gdpr.late ? row('Reasons for the delay (notified after 72 hours)', r.gdpr.delayReason ?? 'Not given yet: GDPR Art. 33(1) requires the reasons with a late notice') : ''}
</table>
<h2>UU PDP Pasal 46</h2><table>
${row('Data pribadi yang terungkap / Data concerned', r.uuPdp.dataConcerned.join(', '))}
${row('Kapan / When it occurred', r.uuPdp.when.occurredAt)}
${row('Diketahui / Became aware', r.uuPdp.when.awareAt)}
${row('Bagaimana / How', r.uuPdp.how)}
${row('Sistem / Systems', r.uuPdp.systems)}
${row('Upaya penanganan dan pemulihan / Handling and recovery', r.uuPdp.handlingAndRecovery)}
${row('Batas waktu 3×24 jam / Deadline', r.uuPdp.deadline)}
</table>
<h2>Subjects notified</h2><table>
${row('Sent', r.subjectsNotified.sent)}${row('Failed', r.subjectsNotified.failed)}${row('Queued', r.subjectsNotified.queued)}
</table></body></html>`;
}
