/**
 * Analytics dashboard over 10,000,000 raw events of one workspace's site (SQLite): ~90 days of
 * traffic ending today (today still filling up), a few hundred pages with a long tail, referrers,
 * campaigns, countries, browsers, systems, devices and feature use. The daily aggregates are built
 * first (the catch-up job's work, timed), then the dashboard (with the previous period) and the
 * top-pages breakdown are timed for 7-, 30- and 90-day ranges, at the service and over real HTTP.
 * Past days come from the aggregates and today from its raw events, as in production.
 *
 * Baselines in the same run, on the same file, with bare prepared statements: a count(*) over one
 * day's index range of the raw events (the least work any raw-event answer does), and the sum of
 * a range's daily totals (the least work an aggregate answer does).
 *
 * Env: BENCH_EVENTS (default 10,000,000), BENCH_DAYS (90), BENCH_REPEATS (30), BENCH_KEEP=1 keeps
 * the directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildApp } from '../src/http/app.js';
import { newId } from '../src/lib/ids.js';
import { createLogger } from '../src/logger.js';
import { breakdown, dashboard } from '../src/modules/analytics/dashboard.js';
import { catchUp, shiftDay, utcDay } from '../src/modules/analytics/rollup.js';
import { closeContext, createContext } from '../src/server.js';
import { login } from './crm/http.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 30);
const RANGES = [7, 30, 90];
const WS = 'wsp_bench_analytics';
const log = (s: string): void => console.log(`  ${s}`);
const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

/** A small seeded generator (mulberry32), so every run seeds the same traffic. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
/** Long-tailed pick: index 0 most often. */
const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * rand() ** 3))]!;

const PAGES = Array.from({ length: 400 }, (_, i) => (i === 0 ? '/' : i < 20 ? `/products/item-${i}` : `/blog/post-${i}`));
const REFERRERS = [null, null, null, 'google.com', 'facebook.com', 't.co', 'linkedin.com', 'bing.com', 'detik.com', 'kompas.com', ...Array.from({ length: 30 }, (_, i) => `site${i}.example`)];
const CAMPAIGNS = ['ramadan-sale', 'newsletter-weekly', 'launch', 'retargeting', 'webinar'];
const SOURCES = ['newsletter', 'facebook', 'google', 'instagram'];
const MEDIUMS = ['email', 'cpc', 'social'];
const COUNTRIES = ['ID', 'ID', 'ID', 'SG', 'MY', 'US', 'AU', 'NL', 'JP', null];
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung Internet'];
const SYSTEMS = ['Android', 'iOS', 'Windows', 'macOS', 'Linux'];
const DEVICES = ['mobile', 'desktop', 'tablet'];
const FEATURES = ['contacts.import', 'deals.create', 'campaigns.send', 'forms.publish'];

const COLUMNS = ['workspace_id', 'occurred_at', 'day', 'type', 'page_id', 'visitor_id', 'visitor_hash', 'hostname', 'path', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'country', 'browser', 'os', 'device', 'feature', 'engaged_ms'];
const PER_STATEMENT = 100;

/** Writes the events straight into the file, many rows per statement and per transaction. */
function seed(path: string, today: string, nowMs: number): { days: number; events: number } {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const at = new Date(nowMs).toISOString();
  db.prepare(`insert into workspaces (id, name, data_region, require_2fa, created_by, created_at, updated_at) values (?, 'Bench', 'ID', 0, null, ?, ?)`).run(WS, at, at);
  const row = `(${COLUMNS.map(() => '?').join(', ')})`;
  const many = db.prepare(`insert into analytics_events (${COLUMNS.join(', ')}) values ${Array.from({ length: PER_STATEMENT }, () => row).join(', ')}`);
  const one = db.prepare(`insert into analytics_events (${COLUMNS.join(', ')}) values ${row}`);
  let buffer: unknown[] = [];
  let written = 0;
  const flush = (): void => {
    while (buffer.length >= PER_STATEMENT * COLUMNS.length) many.run(buffer.splice(0, PER_STATEMENT * COLUMNS.length));
  };
  const started = performance.now();
  // Weekdays busier than weekends, and traffic growing over the period; today only up to now.
  const weights = Array.from({ length: DAYS }, (_, i) => {
    const day = shiftDay(today, i - DAYS + 1);
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    const share = i === DAYS - 1 ? (nowMs - Date.parse(`${today}T00:00:00Z`)) / 86_400_000 : 1;
    return (dow === 0 || dow === 6 ? 0.6 : 1) * (0.7 + (0.6 * i) / DAYS) * share;
  });
  const total = weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < DAYS; i++) {
    const day = shiftDay(today, i - DAYS + 1);
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const span = i === DAYS - 1 ? Math.max(60_000, nowMs - dayStart) : 86_400_000;
    const target = Math.round((EVENTS * (weights[i] ?? 0)) / total);
    let made = 0;
    db.transaction(() => {
      for (let v = 0; made < target; v++) {
        const consented = rand() < 0.1;
        const visitor = `${consented ? 'vid' : 'h'}${i}x${v}`;
        const ref = zipf(REFERRERS);
        const tagged = rand() < 0.12;
        const fixed = [zipf(COUNTRIES), zipf(BROWSERS), zipf(SYSTEMS), zipf(DEVICES)];
        let t = dayStart + Math.floor(rand() * span * 0.98);
        const views = 1 + Math.floor(-Math.log(1 - rand()) * 1.6);
        for (let k = 0; k < views && made < target; k++) {
          const feature = rand() < 0.05 ? zipf(FEATURES) : null;
          buffer.push(
            WS, new Date(t).toISOString(), day, feature ? 'feature' : 'pageview', `p${i}x${v}x${k}`, consented ? visitor : null, consented ? null : visitor, 'shop.example',
            zipf(PAGES), k === 0 ? ref : null, tagged ? zipf(SOURCES) : null, tagged ? zipf(MEDIUMS) : null, tagged ? zipf(CAMPAIGNS) : null,
            fixed[0], fixed[1], fixed[2], fixed[3], feature, feature ? 0 : Math.floor(rand() * 90_000),
          );
          made++;
          t += Math.floor(rand() * 240_000);
        }
        if (buffer.length >= PER_STATEMENT * COLUMNS.length * 50) flush();
      }
      flush();
      for (let j = 0; j < buffer.length; j += COLUMNS.length) one.run(buffer.slice(j, j + COLUMNS.length));
      buffer = [];
    })();
    written += made;
    if (i % 10 === 9 || i === DAYS - 1) log(`seeded ${written.toLocaleString('en')} events, ${i + 1} days (${round((performance.now() - started) / 1000)} s)`);
  }
  db.close();
  return { days: DAYS, events: written };
}

function baseline(path: string, today: string): { rawDay: number[]; aggregates: Record<number, number[]> } {
  const db = new SQLite(path, { readonly: true });
  const count = db.prepare('select count(*) as n from analytics_events where workspace_id = ? and day = ?');
  const sums = db.prepare(`select sum(visitors) as v, sum(pageviews) as p from analytics_daily where workspace_id = ? and dimension = 'total' and day between ? and ?`);
  const rawDay: number[] = [];
  const aggregates: Record<number, number[]> = {};
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    count.get(WS, shiftDay(today, -1));
    rawDay.push(performance.now() - t);
  }
  for (const days of RANGES) {
    aggregates[days] = [];
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      sums.get(WS, shiftDay(today, -(days - 1)), today);
      aggregates[days].push(performance.now() - t);
    }
  }
  db.close();
  return { rawDay, aggregates };
}

async function timed(repeats: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-bench-analytics-'));
  try {
    const file = join(dir, 'kodepos.db');
    const db = await createDb({ dataDir: dir });
    await migrateToLatest(db);
    await db.close();
    const now = Date.now();
    const today = utcDay(new Date(now));
    const seeded = seed(file, today, now);

    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, BASE_URL: 'http://bench.local', LOG_LEVEL: 'silent', APP_SECRET: 'bench-secret-bench-secret-bench-secret-1' }, { jobs: false });
    const ctx = await createContext(config, { log: createLogger('silent') });
    const t = performance.now();
    const built = await catchUp(ctx, WS);
    const buildS = (performance.now() - t) / 1000;
    log(`aggregates: ${built.days} days, ${built.rows.toLocaleString('en')} rows in ${round(buildS)} s (${Math.round(seeded.events / buildS).toLocaleString('en')} events/s)`);
    const todayEvents = (await ctx.db.k.selectFrom('analytics_events').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', WS).where('day', '=', today).executeTakeFirstOrThrow()).n;
    log(`today so far: ${Number(todayEvents).toLocaleString('en')} raw events, read on every request`);

    // A member of the workspace, signed in over HTTP.
    const app = await buildApp(ctx);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const reg = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { name: 'Bench Owner', email: 'bench@analytics.example', password: 'correct horse battery', company: 'Bench', ageConfirmed: true } });
    const userId = (JSON.parse(reg.body) as { user: { id: string } }).user.id;
    await ctx.db.k.updateTable('users').set({ email_verified_at: new Date().toISOString() }).where('id', '=', userId).execute();
    await ctx.db.k.insertInto('workspace_members').values({ id: newId('mem'), workspace_id: WS, user_id: userId, role: 'viewer', created_at: new Date().toISOString() }).execute();
    const cookie = await login(base, 'bench@analytics.example', 'correct horse battery');
    const get = async (path: string): Promise<void> => {
      const res = await fetch(`${base}${path}`, { headers: { cookie, 'x-workspace-id': WS } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
    };

    const bare = baseline(file, today);
    const rows: { days: number; what: string; service: number[]; http: number[]; bare: number[] }[] = [];
    for (const days of RANGES) {
      const range = { from: shiftDay(today, -(days - 1)), to: today };
      const qs = `from=${range.from}&to=${range.to}`;
      rows.push({
        days,
        what: 'dashboard + previous period',
        service: await timed(REPEATS, () => dashboard(ctx, WS, { ...range, compare: 'previous' })),
        http: await timed(REPEATS, () => get(`/api/v1/analytics/dashboard?${qs}&compare=previous`)),
        bare: bare.aggregates[days] ?? [],
      });
      rows.push({
        days,
        what: 'top pages',
        service: await timed(REPEATS, () => breakdown(ctx, WS, { ...range, dimension: 'page', limit: 10 })),
        http: await timed(REPEATS, () => get(`/api/v1/analytics/breakdown?${qs}&dimension=page&limit=10`)),
        bare: bare.aggregates[days] ?? [],
      });
      log(`${days} days: dashboard p95 ${round(pct(rows.at(-2)!.http, 95))} ms over HTTP, top pages p95 ${round(pct(rows.at(-1)!.http, 95))} ms`);
    }
    await app.close();
    await closeContext(ctx);
    const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
    const rawDayP95 = pct(bare.rawDay, 95);
    const markdown = [
      `Analytics dashboard over ${seeded.events.toLocaleString('en')} raw events of one site (${seeded.days} days ending today, SQLite), ${Number(todayEvents).toLocaleString('en')} of them today and read raw on each request; aggregates built at ${Math.round(seeded.events / buildS).toLocaleString('en')} events/s (${round(buildS)} s). p95 of ${REPEATS} sequential runs each; peak RSS ${peakRssMb} MB. Bare baselines: count(*) over one day's raw events p95 ${round(rawDayP95, 2)} ms; sum of a range's daily totals in the last column.`,
      '',
      '| range | query | service p95 | HTTP p95 | HTTP p50 | bare aggregate sum p95 | HTTP / raw one-day count |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.days} days | ${r.what} | ${round(pct(r.service, 95))} ms | ${round(pct(r.http, 95))} ms | ${round(pct(r.http, 50))} ms | ${round(pct(r.bare, 95), 3)} ms | ${round(pct(r.http, 95) / Math.max(rawDayP95, 0.001))}× |`),
    ].join('\n');
    console.log(`\n${markdown}`);
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(
      join(results, 'analytics-dashboard.json'),
      JSON.stringify({ title: 'analytics-dashboard', at: new Date().toISOString(), events: seeded.events, days: seeded.days, todayEvents: Number(todayEvents), buildSeconds: round(buildS), rawDayP95Ms: rawDayP95, rows: rows.map((r) => ({ days: r.days, what: r.what, serviceP95Ms: pct(r.service, 95), httpP95Ms: pct(r.http, 95), httpP50Ms: pct(r.http, 50), bareP95Ms: pct(r.bare, 95) })), peakRssMb, markdown }, null, 2),
    );
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
