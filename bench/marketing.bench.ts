/**
 * Campaign sending: N emails (default 100,000) of one campaign to a local SMTP server, through the
 * whole path — the send job chain, the consent gate (marketing, and analytics for tracking), the
 * suppression list, rendering with the RFC 8058 headers and footer, nodemailer — beside a raw
 * nodemailer baseline sending the same number of similar mails over the same transport settings
 * to the same server, in the same run, right before. Reports emails/s and the peak RSS sampled
 * during each phase (the baseline runs first, so its peak is not inflated by ours).
 *
 * The SMTP server (smtp-server, accepting and discarding) runs in a child process so its CPU and
 * memory are not counted. Contacts, consent records and the list are written straight into the
 * database to keep the set-up short; half the contacts allowed tracking (pixel and rewritten links).
 *
 * Env: BENCH_EMAILS (default 100,000), BENCH_KEEP=1 keeps the directory.
 * Full run: `npm run bench marketing`; smoke run: `BENCH_EMAILS=500 npx tsx bench/marketing.bench.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { newId } from '../src/lib/ids.js';
import { createLogger } from '../src/logger.js';
import { newRun, startRun } from '../src/modules/marketing/send-service.js';
import { closeContext, createContext } from '../src/server.js';

const N = Number(process.env.BENCH_EMAILS ?? 100_000);
const WS = 'wsp_bench';
const LIST = 'mls_bench';
const CAMPAIGN = 'cmp_bench';
const HTML = '<h1>New this month</h1><p>Hello {{firstName}}, see <a href="https://shop.example/new">what is new</a> and <a href="https://shop.example/sale">the sale</a>.</p>';
const log = (s: string): void => console.log(`  ${s}`);
const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;

const SINK = `
import { SMTPServer } from 'smtp-server';
let count = 0;
const server = new SMTPServer({ secure: false, authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, size: 1 << 20,
  onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => { count++; cb(); }); } });
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (m) => { if (m === 'count') process.send({ count }); else if (m === 'stop') server.close(() => process.exit(0)); });
`;

function startSink(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SINK], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: join(import.meta.dirname, '..') });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`SMTP sink exited (${code})`)));
  });
}

function sinkCount(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { count: number }) => resolve(m.count));
    child.send('count');
  });
}

/** Peak resident set size while `fn` runs, sampled every 20 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakRssMb: number; ms: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: round(peak / 1_048_576), ms: performance.now() - t };
  } finally {
    clearInterval(timer);
  }
}

function seed(path: string): void {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  db.prepare(`insert into workspaces (id, name, data_region, require_2fa, created_by, created_at, updated_at) values (?, 'Bench Store', 'ID', 0, null, ?, ?)`).run(WS, now, now);
  db.prepare(`insert into marketing_lists (id, workspace_id, name, created_at, updated_at) values (?, ?, 'Everyone', ?, ?)`).run(LIST, WS, now, now);
  // A rate no run reaches: the benchmark measures the sending path, not the limiter's waits.
  db.prepare(`insert into marketing_settings (workspace_id, rate_per_minute, double_opt_in, inbound_token_hash, updated_at) values (?, 100000000, 'off', null, ?)`).run(WS, now);
  const contact = db.prepare(`insert into contacts (id, workspace_id, first_name, last_name, email, emails, phones, tags, lifecycle_stage, custom_fields, restricted, created_at, updated_at)
    values (?, ?, ?, ?, ?, '[]', '[]', '[]', 'lead', '{}', 0, ?, ?)`);
  const consent = db.prepare(`insert into consent_records (id, workspace_id, contact_id, purpose, granted, lawful_basis, source, created_at) values (?, ?, ?, ?, 1, 'consent', 'form', ?)`);
  const member = db.prepare(`insert into marketing_list_members (workspace_id, list_id, contact_id, created_at) values (?, ?, ?, ?)`);
  const start = Date.parse('2025-01-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = newId('con', start + i);
      contact.run(id, WS, `Nama${i % 5000}`, `Keluarga${i % 7919}`, `person${i}@mail${i % 97}.example`, now, now);
      consent.run(newId('cns', start + i), WS, id, 'marketing', now);
      if (i % 2 === 0) consent.run(newId('cns', start + i), WS, id, 'analytics', now);
      member.run(WS, LIST, id, now);
    }
  })();
  db.prepare(`insert into marketing_campaigns (id, workspace_id, name, subject, html, category, list_id, segment_id, status, scheduled_at, started_at, finished_at, recipients_total, created_by, created_at, updated_at)
    values (?, ?, 'Bench', 'New this month, {{firstName}}', ?, 'product_update', ?, null, 'sending', null, ?, null, null, null, ?, ?)`).run(CAMPAIGN, WS, HTML, LIST, now, now, now);
  db.close();
}

async function baseline(url: string): Promise<void> {
  const transport = nodemailer.createTransport(url);
  const text = HTML.replace(/<[^>]+>/g, '');
  for (let i = 0; i < N; i++) {
    await transport.sendMail({ from: 'bench@kodepos.local', to: `person${i}@mail${i % 97}.example`, subject: `New this month, Nama${i % 5000}`, text, html: HTML, headers: { 'List-Unsubscribe': '<https://bench.local/u/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
  }
  transport.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-marketing-bench-'));
  const sink = await startSink();
  // One pooled connection, as SMTP_URL=smtp://host/?pool=true gives the app.
  const url = `smtp://127.0.0.1:${sink.port}/?pool=true&maxConnections=1`;
  log(`work directory ${dir}; ${N.toLocaleString('en')} emails to ${url}`);
  try {
    const db = await createDb({ dataDir: dir });
    await migrateToLatest(db);
    await db.close();
    seed(join(dir, 'kodepos.db'));

    const base = await withPeakRss(() => baseline(url));
    log(`raw nodemailer: ${round(N / (base.ms / 1000))} emails/s, peak RSS ${base.peakRssMb} MB`);
    const before = await sinkCount(sink.child);

    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, BASE_URL: 'https://bench.local', LOG_LEVEL: 'silent', APP_SECRET: 'bench-secret-bench-secret-bench-secret-1', SMTP_URL: url }, { jobs: false });
    const ctx = await createContext(config, { log: createLogger('silent') });
    const ours = await withPeakRss(async () => {
      await startRun(ctx, WS, CAMPAIGN, newRun(ctx));
      await ctx.queue.drain();
    });
    const c = await ctx.db.k.selectFrom('marketing_campaigns').select(['status', 'recipients_total']).where('id', '=', CAMPAIGN).executeTakeFirstOrThrow();
    const tracked = await ctx.db.k.selectFrom('marketing_sends').select((eb) => eb.fn.sum<number>('tracked').as('n')).where('campaign_id', '=', CAMPAIGN).executeTakeFirstOrThrow();
    await closeContext(ctx);
    const received = (await sinkCount(sink.child)) - before;
    if (c.status !== 'sent' || received !== N) throw new Error(`campaign ${c.status}, ${received} of ${N} mails received`);
    log(`Kodepos campaign: ${round(N / (ours.ms / 1000))} emails/s, peak RSS ${ours.peakRssMb} MB, ${Number(tracked.n)} tracked`);

    const oursRate = round(N / (ours.ms / 1000));
    const baseRate = round(N / (base.ms / 1000));
    const markdown = [
      `Campaign sending: ${N.toLocaleString('en')} emails to a local SMTP server (smtp-server in a child process, one pooled connection), SQLite, Node ${process.version}.`,
      '',
      '| sender | emails/s | total | peak RSS |',
      '| --- | ---: | ---: | ---: |',
      `| Kodepos campaign (jobs, consent gate ×2, suppression, render, nodemailer) | ${oursRate} | ${round(ours.ms / 1000)} s | ${ours.peakRssMb} MB |`,
      `| raw nodemailer (same transport, same server) | ${baseRate} | ${round(base.ms / 1000)} s | ${base.peakRssMb} MB |`,
      `| ratio Kodepos / raw | ${round(oursRate / baseRate, 2)} | | |`,
    ].join('\n');
    console.log(`\n${markdown}`);
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'marketing.json'), JSON.stringify({ title: 'marketing', emails: N, ours: { emailsPerSec: oursRate, ms: round(ours.ms), peakRssMb: ours.peakRssMb }, baseline: { emailsPerSec: baseRate, ms: round(base.ms), peakRssMb: base.peakRssMb }, markdown }, null, 2));
  } finally {
    sink.child.send('stop');
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
