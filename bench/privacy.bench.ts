/**
 * Privacy engine at scale: export (resolve + ZIP + report) and erasure (resolve + strategies +
 * journal) of one data subject in a workspace of 1,000,000 contacts on SQLite, each beside a bare
 * SQL baseline doing the least work that answers the same request on the same file (find the
 * contact by its indexed address, read or change its rows by their indexed links), run in the
 * same process right before. Target: under 1 s per subject for each.
 *
 * The contacts and their search-index entries are written straight into the database (as the
 * services store them) to keep the set-up short; the subjects get activities, timeline events,
 * consent records and a visitor id linked to them with its analytics events. Beside them lie
 * 5,000,000 analytics events of the workspace's site: most anonymous (a daily visitor hash), one
 * in ten from consented visitors, a fifth of whom are linked to some contact. The engine finds a
 * subject's events through analytics_events_visitor_idx; the run checks the plan says so.
 *
 * Env: BENCH_ROWS or ROWS (default 1,000,000), BENCH_EVENTS (5,000,000), BENCH_SUBJECTS (5),
 * BENCH_KEEP=1 keeps the directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { newId } from '../src/lib/ids.js';
import { createDb } from '../src/db/db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { eraseSubject } from '../src/modules/privacy/erasure.js';
import { buildExport } from '../src/modules/privacy/export.js';
import { leadingIndexColumns, linkLookup, resolveSubject, scopeTables } from '../src/modules/privacy/subject.js';
import { docBase } from '../src/modules/search/doc-rowid.js';
import { closeContext, createContext } from '../src/server.js';

const ROWS = Number(process.env.BENCH_ROWS ?? process.env.ROWS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000_000);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 5);
/** Events of each subject's (and twin's) linked visitor id. */
const SUBJECT_EVENTS = 300;
const TARGET_MS = 1000;
const WS = 'wsp_bench';
const log = (s: string): void => console.log(`  ${s}`);
const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// Real ids (creation time first), one millisecond apart, so the search rowids spread as in production.
const START = Date.parse('2025-01-01T00:00:00Z');
const ids: string[] = [];
const cid = (i: number): string => (ids[i] ??= newId('con', START + i));
const emailOf = (i: number): string => `person${i}@mail${i % 97}.example`;

function seed(path: string): number[] {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  db.prepare(`insert into workspaces (id, name, data_region, require_2fa, created_by, created_at, updated_at) values (?, 'Bench', 'ID', 0, null, ?, ?)`).run(WS, now, now);
  const contact = db.prepare(`insert into contacts (id, workspace_id, first_name, last_name, email, emails, phone, phones, tags, lifecycle_stage, custom_fields, restricted, phone_digits, name_key, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, '[]', 'lead', '{}', 0, ?, ?, ?, ?)`);
  // Documents at the rowid the search module computes for them, as its writes put them.
  const doc = db.prepare(`insert into search_fts (rowid, title, body, workspace_id, object_type, object_id) values (?, ?, ?, ?, 'contact', ?)`);
  const started = performance.now();
  const BATCH = 20_000;
  for (let from = 0; from < ROWS; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(ROWS, from + BATCH); i++) {
        const email = emailOf(i);
        const phone = `+62 812 ${String(i).padStart(8, '0')}`;
        const first = `Nama${i % 5000}`;
        const last = `Keluarga${i % 7919}`;
        contact.run(cid(i), WS, first, last, email, JSON.stringify([{ email }, { email: `alt${i}@other.example` }]), phone, JSON.stringify([{ phone }]), `62812${String(i).padStart(8, '0')}`, `${first} ${last}`.toLowerCase(), now, now);
        doc.run(docBase('contact', cid(i)), `${first} ${last}`, `${email} alt${i}@other.example ${email.replace(/[@.]/g, ' ')} alt${i} other example ${phone}`, WS, cid(i));
      }
    })();
    if ((from / BATCH) % 10 === 0) log(`seeded ${from + BATCH} contacts (${round((performance.now() - started) / 1000)} s)`);
  }
  // The subjects: spread over the table, each with the rows a CRM contact gathers.
  const subjects = Array.from({ length: SUBJECTS }, (_, k) => Math.floor(((k + 0.5) * ROWS) / SUBJECTS));
  const act = db.prepare(`insert into activities (id, workspace_id, type, subject, body, contact_id, created_at, updated_at) values (?, ?, 'note', ?, ?, ?, ?, ?)`);
  const tl = db.prepare(`insert into timeline_events (id, workspace_id, object_type, object_id, kind, changes, actor_type, actor_id, at) values (?, ?, 'contact', ?, 'updated', ?, 'system', null, ?)`);
  const consent = db.prepare(`insert into consent_records (id, workspace_id, contact_id, purpose, granted, lawful_basis, source, user_agent, created_at) values (?, ?, ?, 'marketing', 1, 'consent', 'form', 'Firefox', ?)`);
  db.transaction(() => {
    // Each subject has a twin (the next contact) with the same rows, for the bare erasure to change.
    for (const i of subjects.flatMap((x) => [x, x + 1])) {
      for (let j = 0; j < 20; j++) act.run(`act_${i}_${j}`, WS, `Call ${j}`, `Talked to person ${i}`, cid(i), now, now);
      for (let j = 0; j < 20; j++) tl.run(`tle_${i}_${j}`, WS, cid(i), JSON.stringify({ title: { from: null, to: `T${j}` } }), now);
      for (let j = 0; j < 3; j++) consent.run(`cns_${i}_${j}`, WS, cid(i), now);
    }
  })();
  seedAnalytics(db, subjects);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('analyze');
  db.close();
  return subjects;
}

const EVENT_COLS = ['workspace_id', 'occurred_at', 'day', 'type', 'page_id', 'visitor_id', 'visitor_hash', 'hostname', 'path', 'referrer_host', 'utm_source', 'utm_campaign', 'country', 'browser', 'os', 'device', 'engaged_ms'];
const EVENTS_PER_STATEMENT = 500;
const vidOf = (n: number): string => `bench-visitor-${String(n).padStart(9, '0')}`;
const subjectVid = (i: number): string => `bench-subject-${String(i).padStart(9, '0')}`;

/**
 * The site's events, appended in time order over two years by multi-row inserts in big transactions;
 * consented visitors' ids and their links; each subject and twin a linked visitor of its own.
 */
function seedAnalytics(db: SQLite.Database, subjects: number[]): void {
  const started = performance.now();
  const placeholders = (n: number): string => Array.from({ length: n }, () => `(${EVENT_COLS.map(() => '?').join(', ')})`).join(', ');
  const sqlFor = (n: number): string => `insert into analytics_events (${EVENT_COLS.join(', ')}) values ${placeholders(n)}`;
  const full = db.prepare(sqlFor(EVENTS_PER_STATEMENT));
  const span = 730 * 86_400_000;
  const pages = ['/', '/pricing', '/blog/crm-tips', '/features', '/contact', '/docs/start'];
  const consented = Math.max(1, Math.floor(EVENTS / 100));
  const row = (n: number, vid: string | null): unknown[] => {
    const at = new Date(START - span + Math.floor((n / Math.max(EVENTS, 1)) * span)).toISOString();
    const utm = n % 7 === 0;
    return [WS, at, at.slice(0, 10), n % 13 === 0 ? 'feature' : 'pageview', `page-${n}`, vid, vid ? null : `hash-${n % 200_000}`, 'bench.example', pages[n % pages.length], n % 3 === 0 ? 'www.google.com' : null, utm ? 'newsletter' : null, utm ? 'spring' : null, 'ID', 'Chrome', 'Android', 'mobile', 1000 + (n % 60_000)];
  };
  const BATCH = 100_000;
  for (let from = 0; from < EVENTS; from += BATCH) {
    db.transaction(() => {
      const end = Math.min(EVENTS, from + BATCH);
      for (let n = from; n < end; n += EVENTS_PER_STATEMENT) {
        const count = Math.min(EVENTS_PER_STATEMENT, end - n);
        // One in ten events comes from a consented visitor (ten events per id on average).
        const values = Array.from({ length: count }, (_, j) => row(n + j, (n + j) % 10 === 0 ? vidOf((n + j) % consented) : null)).flat();
        (count === EVENTS_PER_STATEMENT ? full : db.prepare(sqlFor(count))).run(...values);
      }
    })();
    if ((from / BATCH) % 10 === 0) log(`seeded ${Math.min(EVENTS, from + BATCH)} analytics events (${round((performance.now() - started) / 1000)} s)`);
  }
  const visitor = db.prepare(`insert into analytics_visitors (id, workspace_id, visitor_id, user_id, contact_id, first_seen_at, linked_at) values (?, ?, ?, null, ?, ?, ?)`);
  const now = new Date().toISOString();
  db.transaction(() => {
    // A fifth of the consented visitors were linked to a contact (a form sent with analytics allowed).
    // (Never to a subject or twin: their own visitor's events are the ones the run counts.)
    const taken = new Set(subjects.flatMap((x) => [x, x + 1]));
    for (let v = 0; v < consented; v++) {
      const target = (v * 7919) % ROWS;
      const linked = v % 5 === 0 && !taken.has(target);
      visitor.run(`avs_${v}`, WS, vidOf(v), linked ? cid(target) : null, now, linked ? now : null);
    }
    const own = db.prepare(sqlFor(1));
    for (const i of subjects.flatMap((x) => [x, x + 1])) {
      visitor.run(`avs_s${i}`, WS, subjectVid(i), cid(i), now, now);
      for (let j = 0; j < SUBJECT_EVENTS; j++) own.run(...row(EVENTS + i * SUBJECT_EVENTS + j, subjectVid(i)));
    }
  })();
  log(`seeded analytics: ${EVENTS.toLocaleString('en')} events, ${consented.toLocaleString('en')} consented visitors (${round((performance.now() - started) / 1000)} s)`);
}

/** The plan of the engine's own look-up of a subject's events: it must seek analytics_events_visitor_idx, not walk the site's events. */
async function checkEventPlan(ctx: Awaited<ReturnType<typeof createContext>>, scope: { kind: 'workspace'; workspaceId: string }, i: number): Promise<string> {
  const t = scopeTables(scope, 'sqlite').find((x) => x.table === 'analytics_events');
  const link = t?.links[0];
  if (!t || !link) throw new Error('analytics_events is not in the plan');
  const indexed = (await leadingIndexColumns(ctx.db.k, 'sqlite', t.table)).has(link.column);
  const q = linkLookup(t, scope, link, [subjectVid(i)], indexed);
  const plan = (await sql<{ detail: string }>`explain query plan ${q}`.execute(ctx.db.k)).rows.map((r) => r.detail).join('; ');
  if (!plan.includes('analytics_events_visitor_idx')) throw new Error(`events of a subject are not read by their visitor index: ${plan}`);
  return plan;
}

/** The bare version: the same subject found by its indexed address, read (export) or changed (erasure) by indexed links. */
function baseline(path: string, i: number, mode: 'export' | 'erase'): number {
  const db = new SQLite(path);
  const t = performance.now();
  const c = db.prepare('select * from contacts where workspace_id = ? and email = ?').get(WS, emailOf(i)) as { id: string } | undefined;
  if (!c) throw new Error('baseline: no contact');
  if (mode === 'export') {
    db.prepare('select * from activities where contact_id = ?').all(c.id);
    db.prepare(`select * from timeline_events where workspace_id = ? and object_type = 'contact' and object_id = ?`).all(WS, c.id);
    db.prepare('select * from consent_records where contact_id = ?').all(c.id);
    const visitors = db.prepare('select * from analytics_visitors where contact_id = ?').all(c.id) as { visitor_id: string }[];
    for (const v of visitors) db.prepare('select * from analytics_events where visitor_id = ?').all(v.visitor_id);
  } else {
    db.transaction(() => {
      db.prepare(`update contacts set first_name = 'erased', last_name = 'erased', email = null, emails = '[]', phone = null, phones = '[]' where id = ?`).run(c.id);
      db.prepare('delete from activities where contact_id = ?').run(c.id);
      db.prepare(`delete from timeline_events where workspace_id = ? and object_type = 'contact' and object_id = ?`).run(WS, c.id);
      db.prepare('update consent_records set user_agent = null where contact_id = ?').run(c.id);
      db.prepare('delete from analytics_events where visitor_id in (select visitor_id from analytics_visitors where contact_id = ?)').run(c.id);
      db.prepare('delete from analytics_visitors where contact_id = ?').run(c.id);
    })();
  }
  const ms = performance.now() - t;
  db.close();
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-privacy-bench-'));
  log(`work directory ${dir}; ${ROWS.toLocaleString('en')} contacts, ${EVENTS.toLocaleString('en')} analytics events, ${SUBJECTS} subjects`);
  try {
    const db = await createDb({ dataDir: dir });
    await migrateToLatest(db);
    await db.close();
    const subjects = seed(join(dir, 'kodepos.db'));
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, BASE_URL: 'http://bench.local', LOG_LEVEL: 'silent', APP_SECRET: 'bench-secret-bench-secret-bench-secret-1' }, { jobs: false });
    const ctx = await createContext(config, { log: createLogger('silent') });
    const scope = { kind: 'workspace' as const, workspaceId: WS };
    log(`plan of a subject's events: ${await checkEventPlan(ctx, scope, subjects[0] ?? 0)}`);
    const ours = { export: [] as number[], erase: [] as number[] };
    const base = { export: [] as number[], erase: [] as number[] };
    for (const i of subjects) {
      base.export.push(baseline(join(dir, 'kodepos.db'), i, 'export'));
      let t = performance.now();
      const rows = await resolveSubject(ctx, scope, { emails: [emailOf(i)], phones: [] });
      if (rows.roots.length !== 1) throw new Error(`subject ${i} not found`);
      if (rows.tables.analytics_events?.length !== SUBJECT_EVENTS) throw new Error(`subject ${i}: ${rows.tables.analytics_events?.length ?? 0} analytics events found, ${SUBJECT_EVENTS} expected`);
      const exported = await buildExport(ctx, scope, rows, {});
      if (exported.tables.find((x) => x.table === 'analytics_events')?.rows !== SUBJECT_EVENTS) throw new Error(`subject ${i}: analytics events missing from the export`);
      ours.export.push(performance.now() - t);
      // The bare erasure changes the twin, so both start from the same shape of rows.
      base.erase.push(baseline(join(dir, 'kodepos.db'), i + 1, 'erase'));
      t = performance.now();
      const again = await resolveSubject(ctx, scope, { emails: [emailOf(i)], phones: [] });
      const erased = await eraseSubject(ctx, scope, again, { actor: { type: 'system', id: null } });
      if (erased.tables.find((x) => x.table === 'analytics_events')?.rows !== SUBJECT_EVENTS) throw new Error(`subject ${i}: analytics events not erased`);
      ours.erase.push(performance.now() - t);
      log(`subject ${i}: export ${round(ours.export.at(-1) ?? 0)} ms (bare ${round(base.export.at(-1) ?? 0, 2)} ms), erasure ${round(ours.erase.at(-1) ?? 0)} ms (bare ${round(base.erase.at(-1) ?? 0, 2)} ms)`);
    }
    await closeContext(ctx);
    const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
    const line = (what: string, o: number[], b: number[]): string => {
      const m = median(o);
      const worst = Math.max(...o);
      return `| ${what} | ${round(m)} ms | ${round(worst)} ms | ${round(median(b), 2)} ms | ${round(m / Math.max(median(b), 0.001))}× | ${worst < TARGET_MS ? 'PASS' : 'ABOVE TARGET'} |`;
    };
    const markdown = [
      `Privacy engine over ${ROWS.toLocaleString('en')} contacts and ${EVENTS.toLocaleString('en')} analytics events (SQLite, one workspace), ${SUBJECTS} subjects with ${SUBJECT_EVENTS} events each, peak RSS ${peakRssMb} MB. Target < ${TARGET_MS} ms per subject.`,
      '',
      '| operation | Kodepos median | Kodepos worst | bare SQL median | Kodepos / bare | result |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      line('export (resolve + ZIP + report)', ours.export, base.export),
      line('erasure (resolve + strategies + journal)', ours.erase, base.erase),
    ].join('\n');
    console.log(`\n${markdown}`);
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'privacy.json'), JSON.stringify({ title: 'privacy', rows: ROWS, events: EVENTS, ours, baseline: base, peakRssMb, markdown }, null, 2));
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
