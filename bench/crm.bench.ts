/**
 * CRM at scale: a generated 1,000,000-row contacts CSV imported end to end through
 * `kodepos import … --dedupe create`, beside a bare better-sqlite3 import of the same file (one
 * prepared INSERT in one transaction) run in the same benchmark; then search and list latency over
 * real HTTP on those contacts, each beside the same SQL run bare on the same SQLite file.
 *
 * Method: every measured program is its own child process pinned to CPU 0 (the HTTP client to
 * CPU 1) when taskset and two CPUs exist. Import rate is rows over wall time of the child(ren),
 * start to exit, so Kodepos pays for its CLI start-up and the file check it does before queuing;
 * the baseline pays for its Node start-up. The whole file goes through one `kodepos import` (the
 * 50 MB cap is for HTTP uploads; the CLI streams a local file of any size). Peak memory: /proc VmHWM/VmRSS of each child and its children,
 * polled every 100 ms. When the import passes BENCH_IMPORT_TIMEOUT_S it is stopped, its rate is
 * the committed rows over the time so far, its job is cancelled (so the server does not resume it),
 * and the rest of the rows are written straight into the database (contacts and the search index,
 * as the services store them; no audit, timeline or company links) so the reads still run over
 * the full number of contacts.
 *
 * Env: BENCH_ROWS or ROWS (default 1,000,000), BENCH_IMPORT_TIMEOUT_S (900), BENCH_LIST_REPEATS
 * (20), BENCH_KEEP=1 keeps the work directory, BENCH_CPU_PROF=<dir> profiles the import and server
 * children (a summary of the import profile is printed).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { docBase } from '../src/modules/search/doc-rowid.js';
import { baselineImport, baselineQueries, contactValues, csvRecords, openLikeApp, searchDoc, type QueryPlan, type Timings } from './crm/baseline.js';
import { generateCsv, ID_FIRST, ID_LAST, prng, US_FIRST, US_LAST, type Part } from './crm/csv.js';
import { httpQueries, login } from './crm/http.js';
import { IMPORT_STAGES, mainProfile, summarise } from './crm/profile.js';
import { freePort, percentile, pinned, ROOT, runNode, startNode, stop, waitHttp, watchMemory } from './crm/proc.js';
import { markdown, type CrmResult, type Latency } from './crm/report.js';

const SELF = 'bench/crm.bench.ts';
const ROWS = Number(process.env.BENCH_ROWS ?? process.env.ROWS ?? 1_000_000);
const TIMEOUT_S = Number(process.env.BENCH_IMPORT_TIMEOUT_S ?? 900);
const REPEATS = Number(process.env.BENCH_LIST_REPEATS ?? 20);
const DEEP_PAGES = 20;
const SEARCHES = 200;
const TARGET = 0.3;
const RSS_LIMIT_MB = 512;
const PASSWORD = 'bench password 1';
const OWNER = 'demo@kodepos.local';
const RESULT = '@@RESULT ';
const PROF = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const log = (s: string) => console.log(`  ${s}`);

/** Profiling flags; the preload turns SIGTERM into a normal exit so a stopped import still writes its profile. */
function profFlags(sub: 'import' | 'server'): string[] {
  return PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(PROF, sub)}`, '--cpu-prof-interval=2000', '--import', 'tsx', '--import', './bench/crm/exit-on-signal.ts'] : [];
}

function childResult<T>(output: string, what: string): T {
  const line = output.split('\n').find((l) => l.startsWith(RESULT));
  if (!line) throw new Error(`${what} printed no result:\n${output.slice(-4000)}`);
  return JSON.parse(line.slice(RESULT.length)) as T;
}

async function measureBaselineImport(csv: string, dbPath: string): Promise<{ rows: number; seconds: number; peakRssMb: number }> {
  const t = performance.now();
  const c = startNode(0, ['--import', 'tsx', SELF, '--baseline-import', csv, dbPath]);
  const mem = watchMemory(c.child.pid);
  const code = await c.exited;
  const seconds = (performance.now() - t) / 1000;
  const peakRssMb = mem.stop();
  if (code !== 0) throw new Error(`baseline import failed (${code}):\n${c.output()}`);
  return { rows: childResult<{ rows: number }>(c.output(), 'baseline import').rows, seconds, peakRssMb };
}

interface ImportRun {
  rows: number;
  seconds: number;
  peakRssMb: number;
  timedOut: boolean;
  rejected: number;
  progress: { s: number; rows: number }[];
  singleFile: string;
}

/** Rows the imports of this run have committed (and refused), from the imports table. */
function importRows(db: SQLite.Database): { processed: number; rejected: number } {
  return db.prepare('select coalesce(sum(processed), 0) as processed, coalesce(sum(error_count), 0) as rejected from imports').get() as { processed: number; rejected: number };
}

/** `kodepos import` of each part in turn, under one time budget, with progress read from the imports table. */
async function measureImport(dataDir: string, ws: string, parts: Part[]): Promise<ImportRun> {
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const cli = (file: string) => ['bin/kodepos.mjs', 'import', file, '--workspace', ws, '--object', 'contact', '--dedupe', 'create'];
  const singleFile = parts.length === 1 ? 'accepted' : 'split';
  const db = new SQLite(join(dataDir, 'kodepos.db'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const progress: ImportRun['progress'] = [];
  const started = performance.now();
  const deadline = started + TIMEOUT_S * 1000;
  let peak = 0;
  let timedOut = false;
  for (const [i, part] of parts.entries()) {
    const c = startNode(0, [...profFlags('import'), ...cli(part.path)], env);
    const mem = watchMemory(c.child.pid);
    let done = false;
    void c.exited.then(() => (done = true));
    while (!done && performance.now() < deadline) {
      await Promise.race([c.exited, sleep(2000)]);
      progress.push({ s: round((performance.now() - started) / 1000), rows: importRows(db).processed });
    }
    if (!done) {
      timedOut = true;
      await stop(c);
    }
    peak = Math.max(peak, mem.stop());
    const at = importRows(db).processed;
    log(`part ${i + 1}/${parts.length}: ${timedOut ? 'stopped at the time limit' : `exit ${c.child.exitCode}`}, ${at} rows committed so far, peak RSS ${peak} MB`);
    if (!timedOut && c.child.exitCode !== 0) throw new Error(`kodepos import failed:\n${c.output().slice(-4000)}`);
    if (timedOut) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const { processed, rejected } = importRows(db);
  progress.push({ s: round(seconds), rows: processed });
  db.close();
  return { rows: processed, seconds, peakRssMb: peak, timedOut, rejected, progress, singleFile };
}

/** A stopped import's job would be resumed by the server's queue: cancel it, and write the rows it did not. */
async function completeDataset(dataDir: string, ws: string, csv: string, imported: number): Promise<{ rows: number; seconds: number }> {
  const db = openLikeApp(join(dataDir, 'kodepos.db'));
  const at = new Date().toISOString();
  db.prepare(`update jobs set status = 'cancelled', finished_at = ?, updated_at = ? where name = 'imports.run' and status in ('queued', 'running')`).run(at, at);
  db.prepare(`update imports set status = 'failed', finished_at = ? where status in ('queued', 'running')`).run(at);
  const insert = db.prepare(
    `insert into contacts (id, workspace_id, first_name, last_name, email, emails, phone, phones, title, city, region, country, source, tags, lifecycle_stage, custom_fields, restricted, phone_digits, name_key, import_id, created_at, updated_at)
     values (@id, @workspace_id, @first_name, @last_name, @email, @emails, @phone, @phones, @title, @city, @region, @country, @source, @tags, @lifecycle_stage, '{}', 0, @phone_digits, @name_key, @import_id, @created_at, @created_at)`,
  );
  // At the rowids the app computes (src/modules/search/doc-rowid.ts), in the first free slot.
  const index = db.prepare(`insert into search_fts (rowid, title, body, workspace_id, object_type, object_id) values (?, ?, ?, ?, 'contact', ?)`);
  const used = new Set<bigint>();
  const t = performance.now();
  let n = 0;
  let seen = 0;
  db.exec('begin');
  for await (const cells of csvRecords(csv)) {
    if (seen++ < imported) continue;
    const v = contactValues(cells, ws, null, at);
    insert.run(v);
    const doc = searchDoc(v);
    let rowid = docBase('contact', v.id);
    while (used.has(rowid)) rowid++;
    used.add(rowid);
    index.run(rowid, doc.title, doc.body, ws, v.id);
    n++;
  }
  db.exec('commit');
  db.close();
  return { rows: n, seconds: (performance.now() - t) / 1000 };
}

/** Rows per second between two moments of the import, from its progress samples. */
function rateBetween(progress: ImportRun['progress'], from: number, to: number): number | null {
  const inside = progress.filter((p) => p.s >= from && p.s <= to);
  const a = inside[0];
  const b = inside.at(-1);
  return a && b && b.s > a.s ? (b.rows - a.rows) / (b.s - a.s) : null;
}

function latency(ours: number[], base: number[]): Latency {
  const o = { p50: percentile(ours, 50), p95: percentile(ours, 95), n: ours.length };
  const b = { p50: percentile(base, 50), p95: percentile(base, 95), n: base.length };
  return { ours: o, baseline: b, ratio: round(b.p95 / o.p95, 3), slowdown: round(o.p95 / b.p95, 1) };
}

function queryPlan(ws: string): QueryPlan {
  const rnd = prng(7);
  const names = [...ID_FIRST, ...ID_LAST, ...US_FIRST, ...US_LAST];
  const prefixes = Array.from({ length: SEARCHES }, () => {
    const name = names[Math.floor(rnd() * names.length)] ?? 'sit';
    return name.slice(0, Math.min(name.length, 3 + Math.floor(rnd() * 3))).toLowerCase();
  });
  return { workspaceId: ws, prefixes, repeats: REPEATS, deepPages: DEEP_PAGES, city: 'Surabaya' };
}

async function measureReads(dataDir: string, plan: QueryPlan): Promise<{ ours: Timings; baseline: Timings; serverPeakRssMb: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startNode(0, [...profFlags('server'), 'bin/kodepos.mjs', 'start'], { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BASE_URL: base, LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const mem = watchMemory(server.child.pid, 500);
  let ours: Timings;
  try {
    await waitHttp(server, `${base}/healthz`);
    const cookie = await login(base, OWNER, PASSWORD);
    const planFile = join(dataDir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const r = await runNode(1, ['--import', 'tsx', SELF, '--http-client', base, cookie, planFile]);
    if (r.code !== 0) throw new Error(`HTTP client failed:\n${r.output.slice(-4000)}`);
    ours = childResult<Timings>(r.output, 'HTTP client');
  } finally {
    await stop(server);
  }
  const serverPeakRssMb = mem.stop();
  const b = await runNode(0, ['--import', 'tsx', SELF, '--baseline-queries', join(dataDir, 'kodepos.db'), join(dataDir, 'plan.json')]);
  if (b.code !== 0) throw new Error(`baseline queries failed:\n${b.output.slice(-4000)}`);
  return { ours, baseline: childResult<Timings>(b.output, 'baseline queries'), serverPeakRssMb };
}

function seedWorkspace(output: string): string {
  const id = /\((ws_[0-9a-z]+)[,)]/.exec(output)?.[1];
  if (!id) throw new Error(`seed printed no workspace id:\n${output}`);
  return id;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'kodepos-crm-bench-'));
  const load1 = loadavg()[0] ?? 0;
  console.log(`CRM import and reads — ${ROWS.toLocaleString('en-US')} rows, import time limit ${TIMEOUT_S} s, ${pinned ? 'children pinned (work on CPU 0, HTTP client on CPU 1)' : 'unpinned'}; load average ${load1.toFixed(2)}; work dir ${work}`);
  try {
    const csv = join(work, 'contacts.csv');
    let t = performance.now();
    const bytes = await generateCsv(csv, ROWS);
    const parts: Part[] = [{ path: csv, rows: ROWS, bytes }];
    log(`generated ${round(bytes / 1048576)} MB in ${round((performance.now() - t) / 1000)} s, imported as one file`);

    const baseline = await measureBaselineImport(csv, join(work, 'baseline.db'));
    log(`baseline import: ${baseline.rows} rows in ${round(baseline.seconds)} s = ${Math.round(baseline.rows / baseline.seconds)} rows/s, peak RSS ${baseline.peakRssMb} MB`);
    rmSync(join(work, 'baseline.db'), { force: true });
    rmSync(join(work, 'baseline.db-wal'), { force: true });

    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    const seed = await runNode(0, ['bin/kodepos.mjs', 'seed', '--demo', '--password', PASSWORD], { DATA_DIR: dataDir });
    if (seed.code !== 0) throw new Error(`seed failed:\n${seed.output}`);
    const ws = seedWorkspace(seed.output);
    log(`seeded demo workspace ${ws}`);

    const ours = await measureImport(dataDir, ws, parts);
    const oursRate = ours.rows / ours.seconds;
    const lastMinute = rateBetween(ours.progress, ours.seconds - 60, ours.seconds) ?? oursRate;
    const firstMinute = rateBetween(ours.progress, 0, 60) ?? oursRate;
    log(`Kodepos import: ${ours.rows} rows in ${round(ours.seconds)} s = ${Math.round(oursRate)} rows/s (first minute ${Math.round(firstMinute)}, last minute ${Math.round(lastMinute)} rows/s)${ours.timedOut ? ' — stopped at the time limit' : ''}, ${ours.rejected} rejected, peak RSS ${ours.peakRssMb} MB`);

    let topUp = { rows: 0, seconds: 0 };
    if (ours.rows < ROWS) {
      t = performance.now();
      topUp = await completeDataset(dataDir, ws, csv, ours.rows);
      log(`wrote the other ${topUp.rows} rows straight into the database in ${round((performance.now() - t) / 1000)} s, so the reads see ${ROWS} contacts`);
    }
    if (PROF) {
      const file = mainProfile(join(PROF, 'import'));
      if (file) printProfile(file);
    }

    const plan = queryPlan(ws);
    const reads = await measureReads(dataDir, plan);
    const loadAfter = loadavg()[0] ?? 0;
    const ratio = round(oursRate / (baseline.rows / baseline.seconds), 3);
    const result: CrmResult = {
      name: 'crm',
      title: `CRM: import ${ROWS.toLocaleString('en-US')} contacts, search and list`,
      at: new Date().toISOString(),
      settings: { rows: ROWS, csvMb: round(bytes / 1048576), parts: parts.length, importTimeoutS: TIMEOUT_S, searches: SEARCHES, listRepeats: REPEATS, deepPages: DEEP_PAGES, pinned, cpus: availableParallelism(), node: process.version, loadAverage1m: [round(load1, 2), round(loadAfter, 2)] },
      import: {
        ours: { rows: ours.rows, seconds: round(ours.seconds), rowsPerSec: Math.round(oursRate), firstMinuteRowsPerSec: Math.round(firstMinute), lastMinuteRowsPerSec: Math.round(lastMinute), timedOut: ours.timedOut, rejected: ours.rejected, peakRssMb: ours.peakRssMb, singleFile: ours.singleFile, progress: ours.progress },
        baseline: { rows: baseline.rows, seconds: round(baseline.seconds), rowsPerSec: Math.round(baseline.rows / baseline.seconds), peakRssMb: baseline.peakRssMb },
        ratio,
        target: TARGET,
        pass: ratio >= TARGET && !ours.timedOut,
        rssLimitMb: RSS_LIMIT_MB,
        rssPass: ours.peakRssMb < RSS_LIMIT_MB,
      },
      dataset: { contacts: ours.rows + topUp.rows, imported: ours.rows, writtenDirectly: topUp.rows },
      queries: {
        search: latency(reads.ours.search, reads.baseline.search),
        firstPage: latency(reads.ours.firstPage, reads.baseline.firstPage),
        deepPages: latency(reads.ours.deepPages, reads.baseline.deepPages),
        filtered: latency(reads.ours.filtered, reads.baseline.filtered),
        searchHits: { ours: reads.ours.searchHits, baseline: reads.baseline.searchHits },
        serverPeakRssMb: reads.serverPeakRssMb,
      },
      pass: false,
      markdown: '',
    };
    result.pass = result.import.pass && result.import.rssPass;
    result.markdown = markdown(result);
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/crm.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${result.markdown}`);
  } finally {
    if (process.env.BENCH_KEEP === '1') console.log(`  kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function printProfile(file: string): void {
  const s = summarise(file, 15, IMPORT_STAGES);
  log(`import CPU profile ${file}: ${s.totalMs} ms sampled, ${s.idleMs} ms idle`);
  for (const e of s.byModule) log(`  ${String(e.share).padStart(5)} %  ${e.name}`);
  for (const e of s.inclusive.filter((x) => x.ms > 0)) log(`  incl. ${String(e.share).padStart(5)} %  ${e.name}`);
}

const [mode, a1 = '', a2 = '', a3 = ''] = process.argv.slice(2);
if (mode === '--baseline-import') {
  console.log(`${RESULT}${JSON.stringify({ rows: await baselineImport(a1, a2) })}`);
} else if (mode === '--baseline-queries') {
  console.log(`${RESULT}${JSON.stringify(baselineQueries(a1, JSON.parse(readFileSync(a2, 'utf8')) as QueryPlan))}`);
} else if (mode === '--http-client') {
  console.log(`${RESULT}${JSON.stringify(await httpQueries(a1, a2, JSON.parse(readFileSync(a3, 'utf8')) as QueryPlan))}`);
} else {
  await main();
}
