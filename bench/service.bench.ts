/**
 * Service desk at scale, in one process on SQLite (the embedded default):
 *
 * (a) Inbound email: BENCH_MAILS raw MIME messages (default 5,000; seven in ten open a ticket, the
 *     rest answer an earlier one by In-Reply-To, one in five carries a small PDF) through the
 *     service function the HTTP endpoint and the SMTP listener call (parse, threading, ticket or
 *     message, contact, attachment file, audit, acknowledgement job), beside a baseline that parses
 *     the same messages with bare mailparser and writes each with one prepared INSERT.
 * (b) Ticket list: BENCH_TICKETS tickets (default 1,000,000) written with one prepared INSERT in a
 *     transaction, then GET /api/v1/tickets (first page, and a filtered view: status=open and
 *     priority=high) through the app (routing, session, validation, serialisation; app.inject, no
 *     socket), BENCH_LIST_REPEATS times each (default 50), beside the same SQL as a bare prepared
 *     select on its own connection. p50/p95 for both; ratio = baseline p95 / ours p95.
 *
 * Peak RSS is sampled every 20 ms during each phase (baselines run first, so their peak is not
 * inflated by ours). Env: BENCH_MAILS, BENCH_TICKETS, BENCH_LIST_REPEATS, BENCH_KEEP=1 keeps the
 * directory. Smoke run: `BENCH_MAILS=300 BENCH_TICKETS=20000 npx tsx bench/service.bench.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { newId } from '../src/lib/ids.js';
import { createLogger } from '../src/logger.js';
import { receiveTicketMail } from '../src/modules/service/inbound-service.js';
import { inboundToken } from '../src/modules/service/mail-repo.js';
import { closeContext, createContext } from '../src/server.js';

const MAILS = Number(process.env.BENCH_MAILS ?? 5_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_LIST_REPEATS ?? 50);
const log = (s: string): void => console.log(`  ${s}`);
const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;

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

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0, 2);
}

const PDF = Buffer.from(`%PDF-1.4\n${'0'.repeat(20_000)}`);

async function mails(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < MAILS; i++) {
    const reply = i % 10 >= 7 && i > 10;
    const to = i - (i % 10);
    out.push(
      await new MailComposer({
        from: `Pelanggan ${i % 500} <customer${i % 500}@mail${i % 13}.example>`,
        to: 'support@bench.local',
        subject: reply ? `Re: Order ${to} has not arrived` : `Order ${i} has not arrived`,
        messageId: `<m${i}@mail.example>`,
        ...(reply ? { inReplyTo: `<m${to}@mail.example>`, references: [`<m${to}@mail.example>`] } : {}),
        text: `Hello,\n\nmy order ${i} has not arrived yet. Tolong dicek.\n\nThanks\n-- \nCustomer ${i}\n\nOn Mon, 1 Jun 2026 at 10:00, Support wrote:\n> earlier text\n> more`,
        html: `<p>Hello,</p><p>my order ${i} has not arrived yet.</p><blockquote>earlier text</blockquote>`,
        ...(i % 5 === 0 ? { attachments: [{ filename: `receipt-${i}.pdf`, content: PDF, contentType: 'application/pdf' }] } : {}),
      })
        .compile()
        .build(),
    );
  }
  return out;
}

async function baselineInbound(dir: string, raws: Buffer[]): Promise<void> {
  const db = new SQLite(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table mail (id text primary key, message_id text unique, sender text, subject text, body_text text, body_html text, created_at text)');
  const insert = db.prepare('insert into mail values (?, ?, ?, ?, ?, ?, ?)');
  for (const raw of raws) {
    const m = await simpleParser(raw);
    insert.run(newId('msg'), m.messageId ?? null, m.from?.value[0]?.address ?? null, m.subject ?? '', m.text ?? '', typeof m.html === 'string' ? m.html : null, new Date().toISOString());
  }
  db.close();
}

const STATUSES = ['new', 'open', 'open', 'pending', 'solved', 'closed', 'closed', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'] as const;

function bulkTickets(file: string, ws: string, startNumber: number): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(`insert into tickets (id, workspace_id, number, subject, status, priority, channel, requester_contact_id, requester_user_id, requester_email, requester_name, locale,
    assignee_id, team_id, tags, merged_into_id, sla_policy_id, first_response_due_at, resolution_due_at, first_responded_at, sla_paused_at, sla_paused_ms, first_response_breached_at,
    resolution_breached_at, sla_warned, solved_at, closed_at, last_message_at, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, 'email', null, null, ?, null, 'en', null, null, '[]', null, null, null, null, null, null, 0, null, null, '[]', null, null, ?, ?, ?)`);
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 0; i < TICKETS; i++) {
      const at = new Date(t0 + i * 30_000).toISOString();
      insert.run(newId('tkt', t0 + i * 30_000), ws, startNumber + i, `Order ${i} has not arrived`, STATUSES[i % STATUSES.length], PRIORITIES[i % PRIORITIES.length], `customer${i % 50_000}@mail${i % 97}.example`, at, at, at);
    }
  })();
  db.exec('analyze');
  db.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-service-bench-'));
  log(`work directory ${dir}; ${MAILS.toLocaleString('en')} mails, ${TICKETS.toLocaleString('en')} tickets, ${REPEATS} list requests each`);
  const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, BASE_URL: 'https://bench.local', LOG_LEVEL: 'silent', APP_SECRET: 'bench-secret-bench-secret-bench-secret-1' }, { jobs: false });
  const ctx = await createContext(config, { log: createLogger('silent') });
  const app = await buildApp(ctx);
  try {
    const reg = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { name: 'Bench Agent', email: 'agent@bench.local', password: 'correct horse battery', company: 'Bench Desk', ageConfirmed: true } });
    const ws = (JSON.parse(reg.body) as { workspace: { id: string } }).workspace.id;
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@bench.local', password: 'correct horse battery' } });
    const cookie = `kodepos_session=${login.cookies.find((c) => c.name === 'kodepos_session')?.value ?? ''}`;
    await inboundToken(ctx, ws);

    // (a) inbound mail
    const raws = await mails();
    const base = await withPeakRss(() => baselineInbound(dir, raws));
    const ours = await withPeakRss(async () => {
      let created = 0;
      for (const raw of raws) if ((await receiveTicketMail(ctx, ws, raw)).created) created++;
      return created;
    });
    const inbound = { ours: round(MAILS / (ours.ms / 1000)), baseline: round(MAILS / (base.ms / 1000)), oursRss: ours.peakRssMb, baseRss: base.peakRssMb, created: ours.value };
    log(`inbound: Kodepos ${inbound.ours} mails/s (${ours.value} tickets), bare parse + insert ${inbound.baseline} mails/s`);

    // (b) ticket list over many tickets
    const max = await ctx.db.k.selectFrom('tickets').select((eb) => eb.fn.max('number').as('n')).where('workspace_id', '=', ws).executeTakeFirst();
    const fill = await withPeakRss(() => Promise.resolve(bulkTickets(join(dir, 'kodepos.db'), ws, Number(max?.n ?? 0) + 1)));
    log(`bulk insert: ${TICKETS.toLocaleString('en')} tickets in ${round(fill.ms / 1000)} s`);
    const views = [
      { name: 'first page', url: '/api/v1/tickets?limit=50', sql: `select t.* from tickets t left join sla_policies p on p.id = t.sla_policy_id where t.workspace_id = ? order by t.last_message_at desc, t.id desc limit 50`, args: [ws] },
      { name: 'status=open, priority=high', url: '/api/v1/tickets?limit=50&status=open&priority=high', sql: `select t.* from tickets t left join sla_policies p on p.id = t.sla_policy_id where t.workspace_id = ? and t.status in (?) and t.priority in (?) order by t.last_message_at desc, t.id desc limit 50`, args: [ws, 'open', 'high'] },
    ];
    const bare = new SQLite(join(dir, 'kodepos.db'), { readonly: true });
    const lists = [];
    for (const v of views) {
      const stmt = bare.prepare(v.sql);
      const b: number[] = [];
      const baseRun = await withPeakRss(async () => {
        for (let i = 0; i < REPEATS; i++) {
          const t = performance.now();
          stmt.all(...v.args);
          b.push(performance.now() - t);
          await Promise.resolve();
        }
      });
      const o: number[] = [];
      const ourRun = await withPeakRss(async () => {
        for (let i = 0; i < REPEATS; i++) {
          const t = performance.now();
          const res = await app.inject({ method: 'GET', url: v.url, headers: { cookie, 'x-workspace-id': ws } });
          o.push(performance.now() - t);
          if (res.statusCode !== 200) throw new Error(`${v.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      });
      const row = { name: v.name, oursP50: percentile(o, 50), oursP95: percentile(o, 95), baseP50: percentile(b, 50), baseP95: percentile(b, 95), oursRss: ourRun.peakRssMb, baseRss: baseRun.peakRssMb };
      lists.push({ ...row, ratio: round(row.baseP95 / Math.max(row.oursP95, 0.001), 3) });
      log(`${v.name}: Kodepos p95 ${row.oursP95} ms, bare select p95 ${row.baseP95} ms`);
    }
    bare.close();

    const markdown = [
      `Service desk: inbound email (${MAILS.toLocaleString('en')} messages) and ticket list (${TICKETS.toLocaleString('en')} tickets, ${REPEATS} requests per view), SQLite, in one process, Node ${process.version}.`,
      '',
      '| measure | Kodepos | baseline | ratio Kodepos / baseline | peak RSS Kodepos / baseline |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| inbound mails/s (service function vs bare mailparser + one INSERT) | ${inbound.ours} | ${inbound.baseline} | ${round(inbound.ours / inbound.baseline, 3)} | ${inbound.oursRss} / ${inbound.baseRss} MB |`,
      ...lists.map((l) => `| GET /api/v1/tickets ${l.name}: p95 (p50) ms vs bare prepared select | ${l.oursP95} (${l.oursP50}) | ${l.baseP95} (${l.baseP50}) | ${l.ratio} | ${l.oursRss} / ${l.baseRss} MB |`),
    ].join('\n');
    console.log(`\n${markdown}`);
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'service.json'), JSON.stringify({ title: 'service', mails: MAILS, tickets: TICKETS, repeats: REPEATS, inbound, lists, markdown }, null, 2));
  } finally {
    await app.close();
    await closeContext(ctx);
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
