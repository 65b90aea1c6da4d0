/**
 * Retention at scale: one sweep of the retention engine over BENCH_ROWS (default 1,000,000) rows
 * past their data-map period (sign-in sessions that expired 60 days ago: the map keeps them 30
 * days after expiry) on SQLite, beside bare SQL over the same rows of an identical copy of the
 * file, in the same process right before: a single UPDATE that blanks the personal columns of those
 * rows (what the issue names as the floor), and a single DELETE (the same change the engine makes).
 * The engine works in batches of 500 keys, each batch deleted and audited by its ids, so other work
 * runs between them; the ratio says what that costs. Peak RSS of the whole process is reported.
 *
 * Env: BENCH_ROWS or ROWS (default 1,000,000), BENCH_KEEP=1 keeps the directory.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { newId } from '../src/lib/ids.js';
import { createLogger } from '../src/logger.js';
import { runRetention } from '../src/modules/governance/retention.js';
import { closeContext, createContext } from '../src/server.js';

const ROWS = Number(process.env.BENCH_ROWS ?? process.env.ROWS ?? 1_000_000);
const log = (s: string): void => console.log(`  ${s}`);
const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;
const DAY = 86_400_000;

function seed(path: string): string {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = Date.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const userId = 'usr_bench';
  db.prepare(`insert into users (id, email, name, password_hash, locale, is_platform_operator, status, created_at, updated_at, last_active_at)
    values (?, 'bench@retention.example', 'Bench', 'x', 'en', 0, 'active', ?, ?, ?)`).run(userId, iso(now), iso(now), iso(now));
  const ins = db.prepare(`insert into sessions (id, user_id, token_hash, ip_truncated, user_agent, created_at, last_seen_at, expires_at, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, null)`);
  const expired = iso(now - 60 * DAY);
  const started = iso(now - 90 * DAY);
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(newId('ses', now - 90 * DAY + i), userId, String(i).padStart(64, '0'), '203.0.113.0', 'Firefox on Linux', started, started, expired);
  })();
  db.close();
  return iso(now - 30 * DAY);
}

/** The bare statements on a copy: one UPDATE, then (on a second copy) one DELETE of the same rows. */
function bare(path: string, cutoff: string, what: 'update' | 'delete'): number {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  const t = performance.now();
  const r =
    what === 'update'
      ? db.prepare('update sessions set ip_truncated = null, user_agent = null where expires_at < ?').run(cutoff)
      : db.prepare('delete from sessions where expires_at < ?').run(cutoff);
  const ms = performance.now() - t;
  db.close();
  if (r.changes !== ROWS) throw new Error(`bare ${what} changed ${r.changes} rows, ${ROWS} expected`);
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-retention-bench-'));
  log(`work directory ${dir}; ${ROWS.toLocaleString('en')} expired sessions`);
  try {
    const db = await createDb({ dataDir: dir });
    await migrateToLatest(db);
    await db.close();
    const file = join(dir, 'kodepos.db');
    const cutoff = seed(file);
    for (const c of ['update', 'delete']) copyFileSync(file, join(dir, `${c}.db`));
    const updateMs = bare(join(dir, 'update.db'), cutoff, 'update');
    const deleteMs = bare(join(dir, 'delete.db'), cutoff, 'delete');
    log(`bare UPDATE ${round(updateMs)} ms, bare DELETE ${round(deleteMs)} ms`);
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, BASE_URL: 'http://bench.local', LOG_LEVEL: 'silent', APP_SECRET: 'bench-secret-bench-secret-bench-secret-1' }, { jobs: false });
    const ctx = await createContext(config, { log: createLogger('silent') });
    const t = performance.now();
    const r = await runRetention(ctx);
    const ms = performance.now() - t;
    await closeContext(ctx);
    if (r.deleted.sessions !== ROWS) throw new Error(`the engine deleted ${r.deleted.sessions ?? 0} sessions, ${ROWS} expected`);
    const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
    const ratio = ms / Math.max(updateMs, 0.001);
    const markdown = [
      `Retention sweep over ${ROWS.toLocaleString('en')} expired sessions (SQLite), peak RSS ${peakRssMb} MB.`,
      '',
      '| operation | time | rows/s | vs bare UPDATE |',
      '| --- | ---: | ---: | ---: |',
      `| Kodepos retention run (batches of 500, each audited by id) | ${round(ms)} ms | ${Math.round(ROWS / (ms / 1000))} | ${round(ratio, 2)}× |`,
      `| bare SQL UPDATE (blank the personal columns) | ${round(updateMs)} ms | ${Math.round(ROWS / (updateMs / 1000))} | 1× |`,
      `| bare SQL DELETE (the engine's change) | ${round(deleteMs)} ms | ${Math.round(ROWS / (deleteMs / 1000))} | ${round(deleteMs / Math.max(updateMs, 0.001), 2)}× |`,
    ].join('\n');
    console.log(`\n${markdown}`);
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'retention.json'), JSON.stringify({ title: 'retention', rows: ROWS, ours: { ms: round(ms) }, baseline: { updateMs: round(updateMs), deleteMs: round(deleteMs) }, ratio: round(ratio, 2), peakRssMb, markdown }, null, 2));
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
