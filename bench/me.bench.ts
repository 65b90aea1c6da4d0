/**
 * GET /api/v1/me with a session cookie: the real Kodepos server against a bare Fastify app that does
 * the same session lookup with one better-sqlite3 prepared statement on the same SQLite file.
 *
 * Method: each server runs alone in its own child process (never both at once), and the load
 * generator (autocannon's CLI) runs in another child. When the machine has two or more CPUs and
 * `taskset` exists, the server is pinned to CPU 0 and autocannon to CPU 1, so the load generator
 * never steals the server's core and both servers get the same single core. Each run: 2 s of
 * warm-up (discarded), then 10 s measured with 10 connections over real HTTP to 127.0.0.1. Peak RSS
 * is the server's VmHWM from /proc/<pid>/status, read after the measured run, before it is stopped.
 *
 * `node bench/run.mjs` runs this file; with `BENCH_CPU_PROF=<dir>` both server children write a
 * V8 CPU profile there (open it in Chrome DevTools or speedscope).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { cannon as runCannon, cpuSeconds, peakRssMb } from './cannon.js';
import { freePort, pinned, ROOT, startNode, stop, waitHttp, type Child } from './crm/proc.js';

const RESULTS = join(ROOT, 'bench/results/me.json');
const COOKIE = 'kodepos_session';
const SETTINGS = { connections: 10, warmupS: 2, durationS: 10 };
const TARGET = 0.6;
const WAIT_MS = 90_000;

/** The same SQL as `findLiveSession` in src/modules/accounts/repo.ts, written by hand. */
const SESSION_SQL = `select u.*, s.id as s_id, s.last_seen_at as s_last_seen_at, s.expires_at as s_expires_at
  from sessions as s inner join users as u on u.id = s.user_id
  where s.token_hash = ? and s.revoked_at is null and s.expires_at > ?`;

interface UserRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  company: string | null;
  locale: string;
  email_verified_at: string | null;
  totp_enabled_at: string | null;
  is_platform_operator: number;
  created_at: string;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The baseline: Fastify with no plugins, no logger, one route, one prepared statement. */
async function serveBaseline(dbPath: string, port: number): Promise<void> {
  const conn = new SQLite(dbPath);
  // The pragmas of openSqlite in src/db/db.ts, so both servers read the file the same way.
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  const lookup = conn.prepare<[string, string], UserRow>(SESSION_SQL);
  const app = Fastify();
  app.get('/api/v1/me', async (req, reply) => {
    const token = readCookie(req.headers.cookie, COOKIE);
    const u = token
      ? lookup.get(createHash('sha256').update(token).digest('hex'), new Date().toISOString())
      : undefined;
    if (!u) return reply.code(401).send({ error: { code: 'unauthenticated', message: 'Sign in first' } });
    return {
      user: {
        id: u.id,
        name: u.name,
        email: u.email,
        phone: u.phone,
        company: u.company,
        locale: u.locale,
        emailVerified: u.email_verified_at !== null,
        twoFactorEnabled: u.totp_enabled_at !== null,
        isPlatformOperator: u.is_platform_operator === 1,
        createdAt: u.created_at,
      },
    };
  });
  await app.listen({ port, host: '127.0.0.1' });
  process.once('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

/** GETs with the session cookie. */
const cannon = (url: string, cookie: string, seconds: number) => runCannon(url, { connections: SETTINGS.connections, seconds, args: ['-H', `cookie=${cookie}`] });

interface RunResult {
  label: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number | null;
  /** Server CPU time per request in the measured run: unlike req/s, barely moved by other load on the machine. */
  cpuUsPerRequest: number | null;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(label: string, server: Child, url: string, cookie: string): Promise<RunResult> {
  process.stdout.write(`  ${label}: warm-up ${SETTINGS.warmupS} s, then ${SETTINGS.durationS} s measured… `);
  await cannon(url, cookie, SETTINGS.warmupS);
  const cpuBefore = cpuSeconds(server.child.pid);
  const r = await cannon(url, cookie, SETTINGS.durationS);
  const cpuAfter = cpuSeconds(server.child.pid);
  const rss = peakRssMb(server.child.pid);
  console.log(`${Math.round(r.requests.average)} req/s`);
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${label}: ${r.non2xx} non-2xx responses and ${r.errors} errors; the numbers would be meaningless`);
  return {
    label,
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    peakRssMb: rss,
    cpuUsPerRequest:
      cpuBefore === null || cpuAfter === null || r.requests.total === 0
        ? null
        : Math.round(((cpuAfter - cpuBefore) * 1e6) / r.requests.total),
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function api(base: string, path: string, body: unknown): Promise<Response> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** With BENCH_CPU_PROF=<dir>, each server writes a V8 CPU profile there when it exits. */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`] : [];
}

async function measureKodepos(dataDir: string): Promise<{ result: RunResult; cookie: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = [...profileFlags(), 'bin/kodepos.mjs', 'start'];
  const server = startNode(0, args, {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  try {
    await waitHttp(server, `${base}/healthz`, WAIT_MS);
    const account = { email: 'bench@kodepos.example', password: 'bench password 123' };
    await api(base, '/api/v1/auth/register', {
      ...account,
      name: 'Bench User',
      company: 'Bench Co',
      ageConfirmed: true,
    });
    const login = await api(base, '/api/v1/auth/login', account);
    const token = login.headers
      .getSetCookie()
      .map((c) => new RegExp(`^${COOKIE}=([^;]+)`).exec(c)?.[1])
      .find(Boolean);
    if (!token) throw new Error('login set no session cookie');
    const cookie = `${COOKIE}=${token}`;
    await waitHttp(server, `${base}/api/v1/me`, WAIT_MS, { cookie });
    return { result: await load('Kodepos', server, `${base}/api/v1/me`, cookie), cookie };
  } finally {
    await stop(server);
  }
}

async function measureBaseline(dbPath: string, cookie: string): Promise<RunResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/v1/me`;
  const server = startNode(0, [...profileFlags(), '--import', 'tsx', 'bench/me.bench.ts', '--baseline-server', dbPath, String(port)]);
  try {
    await waitHttp(server, url, WAIT_MS, { cookie });
    return await load('baseline', server, url, cookie);
  } finally {
    await stop(server);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kodepos-bench-'));
  const load1 = loadavg()[0] ?? 0;
  console.log(
    `GET /api/v1/me — ${SETTINGS.connections} connections, ${pinned ? 'server on CPU 0, load generator on CPU 1' : 'unpinned (no taskset or one CPU)'}; load average ${load1.toFixed(2)}`,
  );
  try {
    const { result: ours, cookie } = await measureKodepos(dataDir);
    const baseline = await measureBaseline(join(dataDir, 'kodepos.db'), cookie);
    const ratio = Math.round((ours.reqPerSec / baseline.reqPerSec) * 100) / 100;
    const pass = ratio >= TARGET;
    const cpuRatio =
      ours.cpuUsPerRequest && baseline.cpuUsPerRequest
        ? Math.round((baseline.cpuUsPerRequest / ours.cpuUsPerRequest) * 100) / 100
        : null;
    const loadAfter = loadavg()[0] ?? 0;
    const busy = Math.max(load1, loadAfter) > availableParallelism();
    const out = {
      name: 'me',
      title: 'GET /api/v1/me (session cookie)',
      at: new Date().toISOString(),
      settings: {
        ...SETTINGS,
        pinned,
        cpus: availableParallelism(),
        loadAverage1m: [load1, loadAfter].map((l) => Math.round(l * 100) / 100),
        node: process.version,
      },
      ours,
      baseline,
      ratio,
      /** Baseline CPU per request over ours: the req/s ratio a quiet machine would show, roughly. */
      cpuRatio,
      target: TARGET,
      pass,
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(out, null, 2)}\n`);
    const line = (r: RunResult): string =>
      `${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, peak RSS ${r.peakRssMb ?? 'n/a'} MB, CPU ${r.cpuUsPerRequest ?? 'n/a'} µs/request`;
    console.log(`  Kodepos  ${line(ours)}`);
    console.log(`  baseline ${line(baseline)}`);
    console.log(
      `  ratio ${ratio.toFixed(2)} (target >= ${TARGET}): ${pass ? 'PASS' : 'BELOW TARGET'}; CPU-per-request ratio ${cpuRatio ?? 'n/a'}`,
    );
    if (busy) {
      console.log(
        `  note: the machine was busy (load ${load1.toFixed(1)} → ${loadAfter.toFixed(1)} on ${availableParallelism()} CPUs), so req/s are low and noisy; the CPU-per-request ratio is steadier`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--baseline-server') {
  await serveBaseline(process.argv[3] ?? '', Number(process.argv[4]));
} else {
  await main();
}
