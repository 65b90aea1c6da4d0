import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import type { PrivacyScope, SubjectRows } from './engine-types.js';
import { makeSubjects, type Subjects } from './engine-test-support.js';
import { buildExport, exportsDir, purgeExpiredExports, redeemExport, renderAccessReport } from './export.js';
import { escapeHtml, renderReportHtml } from './export-html.js';
import { PURGE_EXPORTS_JOB } from './jobs.js';
import { liveColumnsOf, resolveSubject, subjectPlan } from './subject.js';

const DAY = 86_400_000;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return `${(e as { status?: number }).status ?? '?'} ${(e as { code?: string }).code ?? String(e)}`;
  }
}

describe.each(testDialects)('access and portability exports on %s', (dialect) => {
  let ta: TestApp;
  let s: Subjects;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    s = await makeSubjects(ta);
  }, 120_000);
  afterAll(async () => {
    await ta?.close();
  });

  /** Every personal column but credentials, of every table with rows, is in the JSON files and the schema. */
  async function checkComplete(scope: PrivacyScope, rows: SubjectRows): Promise<number> {
    const exp = await buildExport(ta.ctx, scope, rows, {});
    const { buffer } = await redeemExport(ta.ctx, exp.token);
    const files = unzipSync(new Uint8Array(buffer));
    const schema = JSON.parse(strFromU8(files['schema.json'] ?? new Uint8Array())) as { $defs: Record<string, { items: { properties: Record<string, unknown> } }> };
    const html = strFromU8(files['report.html'] ?? new Uint8Array());
    const plan = subjectPlan(scope, ta.ctx.db.dialect);
    const missing: string[] = [];
    let checked = 0;
    for (const [table, keys] of Object.entries(rows.tables)) {
      const t = plan.get(table);
      if (!t || keys.length === 0) continue;
      const file = files[`${table}.json`];
      if (!file) {
        missing.push(`${table}.json`);
        continue;
      }
      const data = JSON.parse(strFromU8(file)) as Record<string, unknown>[];
      expect(data.length, table).toBeGreaterThan(0);
      const header = strFromU8(files[`${table}.csv`] ?? new Uint8Array()).split('\r\n')[0] ?? '';
      expect(html).toContain(`id="${table}"`);
      for (const [column, c] of liveColumnsOf(t.entry, ta.ctx.db.dialect)) {
        const inJson = data.every((r) => Object.hasOwn(r, column));
        const inSchema = Object.hasOwn(schema.$defs[table]?.items.properties ?? {}, column);
        if (c.personal && c.category === 'credential') {
          if (inJson || inSchema || header.split(',').includes(column)) missing.push(`${table}.${column} (credential exported)`);
          continue;
        }
        if (!c.personal) continue;
        checked++;
        if (!inJson) missing.push(`${table}.${column} not in JSON`);
        if (!inSchema) missing.push(`${table}.${column} not in schema.json`);
        if (!header.split(',').includes(column)) missing.push(`${table}.${column} not in CSV`);
      }
    }
    expect(missing).toEqual([]);
    return checked;
  }

  it('puts every personal column of every table with rows into the ZIP (JSON, CSV, schema), credentials left out', async () => {
    const contact = await resolveSubject(ta.ctx, { kind: 'workspace', workspaceId: s.workspaceId }, { emails: [s.contacts.a.email], phones: [] });
    const user = await resolveSubject(ta.ctx, { kind: 'platform' }, { emails: [s.users.a.email], phones: [] });
    expect(await checkComplete(contact.scope, contact)).toBeGreaterThan(25);
    expect(await checkComplete(user.scope, user)).toBeGreaterThan(15);
  });

  it("includes the subject's analytics events and visitor links, and no one else's", async () => {
    const read = async (scope: PrivacyScope, email: string): Promise<{ events: Record<string, unknown>[]; visitors: Record<string, unknown>[]; html: string }> => {
      const rows = await resolveSubject(ta.ctx, scope, { emails: [email], phones: [] });
      const { buffer } = await redeemExport(ta.ctx, (await buildExport(ta.ctx, scope, rows, {})).token);
      const files = unzipSync(new Uint8Array(buffer));
      const parse = (name: string): Record<string, unknown>[] => JSON.parse(strFromU8(files[name] ?? strToU8('[]'))) as Record<string, unknown>[];
      return { events: parse('analytics_events.json'), visitors: parse('analytics_visitors.json'), html: strFromU8(files['report.html'] ?? new Uint8Array()) };
    };
    const contact = await read({ kind: 'workspace', workspaceId: s.workspaceId }, s.contacts.a.email);
    expect(contact.visitors.map((v) => v.visitor_id)).toEqual([s.contacts.a.visitorId]);
    expect(contact.events.map((e) => e.path).sort()).toEqual(['/app/citra', '/blog/citra', '/pricing/citra']);
    expect(contact.events.map((e) => e.visitor_id)).toEqual([s.contacts.a.visitorId, s.contacts.a.visitorId, s.contacts.a.visitorId]);
    expect(contact.events.find((e) => e.path === '/pricing/citra')).toMatchObject({ utm_source: 'google', utm_campaign: 'camp-citra', referrer_host: 'www.google.com', country: 'ID', engaged_ms: 4200 });
    const user = await read({ kind: 'platform' }, s.users.a.email);
    expect(user.visitors.map((v) => v.visitor_id)).toEqual([s.users.a.visitorId]);
    expect(user.events).toHaveLength(6);
    expect(user.events.every((e) => String(e.path).includes('/ana-'))).toBe(true);
    // Anonymous and unlinked visits are nobody's to us, and the report says so; tables go by their labels.
    expect(user.html).toContain('anonymous to us');
    expect(user.html).toContain('<h2>Website analytics events <small>(6 records; files analytics_events.json and .csv)</small></h2>');
  });

  it('writes a report with purpose, basis, recipients, retention and transfers per table', async () => {
    const contact = await resolveSubject(ta.ctx, { kind: 'workspace', workspaceId: s.workspaceId }, { emails: [s.contacts.a.email], phones: [] });
    const html = await renderAccessReport(ta.ctx, contact);
    expect(html).toContain('citra@pelanggan.example');
    expect(html).not.toContain('dodi@pelanggan.example');
    for (const words of ['Purposes', 'Lawful basis', 'Recipients (sub-processors)', 'Retention', 'Transfers outside Indonesia', 'Intuit Mailchimp', 'United States']) expect(html).toContain(words);
    expect(html).not.toMatch(/<script|src=|href="http/i);
    const evil = renderReportHtml({ operator: 'Op', scopeLabel: 'x', generatedAt: 'now' }, [
      { table: 'contacts', entry: subjectPlan(contact.scope, dialect).get('contacts')!.entry, columns: [['first_name', { personal: true, category: 'identity', erasure: 'mask', description: 'Given name' }]], rows: [{ first_name: '<img src=x onerror=alert(1)>' }] },
    ]);
    expect(evil).not.toContain('<img');
    expect(evil).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
  });

  it('hands the archive out once, refuses used, expired and unknown links, and purges files past expiry', async () => {
    const user = await resolveSubject(ta.ctx, { kind: 'platform' }, { emails: [s.users.b.email], phones: [] });
    const exp = await buildExport(ta.ctx, user.scope, user, { userId: s.users.b.userId });
    const row = await ta.ctx.db.k.selectFrom('privacy_exports').selectAll().where('id', '=', exp.exportId).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(exp.token);
    expect(new Date(exp.expiresAt).getTime() - ta.clock.now().getTime()).toBe(7 * DAY);
    const path = join(exportsDir(ta.ctx), row.file_name);
    expect(existsSync(path)).toBe(true);
    const got = await redeemExport(ta.ctx, exp.token);
    expect(got.fileName).toMatch(/\.zip$/);
    expect(existsSync(path)).toBe(false);
    expect(await codeOf(redeemExport(ta.ctx, exp.token))).toBe('410 export_used');
    expect(await codeOf(redeemExport(ta.ctx, 'no-such-token-at-all'))).toBe('404 token_invalid');

    const late = await buildExport(ta.ctx, user.scope, user, { userId: s.users.b.userId });
    const lateRow = await ta.ctx.db.k.selectFrom('privacy_exports').select('file_name').where('id', '=', late.exportId).executeTakeFirstOrThrow();
    ta.clock.advance(7 * DAY + 1000);
    expect(await codeOf(redeemExport(ta.ctx, late.token))).toBe('410 export_expired');
    expect(existsSync(join(exportsDir(ta.ctx), lateRow.file_name))).toBe(true);
    await ta.ctx.queue.enqueue(PURGE_EXPORTS_JOB, {});
    await ta.drain();
    expect(existsSync(join(exportsDir(ta.ctx), lateRow.file_name))).toBe(false);
    expect(readdirSync(exportsDir(ta.ctx))).toEqual([]);
    expect(await purgeExpiredExports(ta.ctx)).toEqual({ deleted: 0 });
    expect(await codeOf(redeemExport(ta.ctx, late.token))).toBe('410 export_expired');
  });
});
