/**
 * POST /public/v1/events (an anonymous page view, the hot path of the tracking snippet): the real
 * Kodepos server against a bare Fastify app with one no-op POST route that parses the same JSON body
 * and answers 202, in the same run. Target: Kodepos at ≥ 0.5 of the bare route's req/s.
 *
 * Method (as me.bench.ts): each server runs alone in its own child process, the load generator
 * (autocannon's CLI) in another; with two or more CPUs and `taskset`, the server is pinned to CPU 0
 * and autocannon to CPU 1. Each run: warm-up (discarded), then a measured run, 10 connections over
 * real HTTP to 127.0.0.1. Peak RSS is the server's VmHWM read after the measured run. The Kodepos
 * server is then stopped (which writes its buffered events) and the stored rows are counted, so a
 * server that answered 202 without storing would fail the run. All requests come from 127.0.0.1, so
 * the per-address limit is raised with ANALYTICS_RATE_LIMIT, and the country lookup finds a local
 * address (no country) as it would behind no proxy.
 *
 * `BENCH_WARMUP_S` and `BENCH_DURATION_S` shorten the runs for a smoke test; `BENCH_CPU_PROF=<dir>`
 * profiles the Kodepos server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { cannon as runCannon, cpuSeconds, peakRssMb } from './cannon.js';
import { freePort, pinned, ROOT, startNode, stop, waitHttp, type Child } from './crm/proc.js';

/** POSTs the event with a browser's user agent. */
const cannon = (url: string, secs: number) =>
  runCannon(url, { connections: SETTINGS.connections, seconds: secs, args: ['-m', 'POST', '-H', 'content-type=application/json', '-H', `user-agent=${USER_AGENT}`, '-b', EVENT] });

const RESULTS = join(ROOT, 'bench/results/analytics.json');
const seconds = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SETTINGS = { connections: 10, warmupS: seconds('BENCH_WARMUP_S', 2), durationS: seconds('BENCH_DURATION_S', 10) };
const TARGET = 0.5;
const PATH = '/public/v1/events';
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const EVENT = JSON.stringify({
  type: 'pageview',
  url: 'https://kodepos.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=launch&ref=abc',
  referrer: 'https://www.google.com/search?q=crm',
  pageId: 'bench-page-view-000000001',
  timeZone: 'Asia/Jakarta',
});

/** The baseline: Fastify with no plugins, no logger, one POST route that parses the body and does nothing. */
async function serveBaseline(port: number): Promise<void> {
  const app = Fastify();
  app.post(PATH, async (_req, reply) => reply.status(202).send({ recorded: true }));
  // Only for waiting until it listens; not measured.
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.listen({ port, host: '127.0.0.1' });
  process.once('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

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

async function load(label: string, server: Child, url: string): Promise<{ result: RunResult; accepted: number }> {
  process.stdout.write(`  ${label}: warm-up ${SETTINGS.warmupS} s, then ${SETTINGS.durationS} s measured… `);
  const warm = await cannon(url, SETTINGS.warmupS);
  const cpuBefore = cpuSeconds(server.child.pid);
  const r = await cannon(url, SETTINGS.durationS);
  const cpuAfter = cpuSeconds(server.child.pid);
  const rss = peakRssMb(server.child.pid);
  console.log(`${Math.round(r.requests.average)} req/s`);
  if (r.non2xx > 0 || r.errors > 0 || warm.non2xx > 0) throw new Error(`${label}: ${r.non2xx + warm.non2xx} non-2xx responses and ${r.errors} errors; the numbers would be meaningless`);
  return {
    accepted: warm['2xx'] + r['2xx'],
    result: {
      label,
      reqPerSec: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      peakRssMb: rss,
      cpuUsPerRequest: cpuBefore === null || cpuAfter === null || r.requests.total === 0 ? null : Math.round(((cpuAfter - cpuBefore) * 1e6) / r.requests.total),
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
    },
  };
}

async function measureKodepos(dataDir: string): Promise<RunResult> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // With BENCH_CPU_PROF=<dir>, the server writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const server = startNode(0, [...prof, 'bin/kodepos.mjs', 'start'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ANALYTICS_RATE_LIMIT: '1000000000',
  });
  let run: { result: RunResult; accepted: number };
  try {
    await waitHttp(server, `${base}/healthz`);
    run = await load('Kodepos', server, `${base}${PATH}`);
  } finally {
    await stop(server);
  }
  // Stopping the server wrote its buffer: every accepted event must be in the table (a few more when
  // requests still in flight at the end of a run were answered after autocannon stopped counting).
  const db = new SQLite(join(dataDir, 'kodepos.db'), { readonly: true });
  const stored = (db.prepare('select count(*) as n from analytics_events').get() as { n: number }).n;
  db.close();
  if (stored < run.accepted) throw new Error(`Kodepos accepted ${run.accepted} events but stored ${stored}`);
  console.log(`  Kodepos stored ${stored} events for ${run.accepted} counted 202 answers`);
  return run.result;
}

async function measureBaseline(): Promise<RunResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}${PATH}`;
  const server = startNode(0, ['--import', 'tsx', 'bench/analytics.bench.ts', '--baseline-server', String(port)]);
  try {
    await waitHttp(server, `http://127.0.0.1:${port}/healthz`);
    return (await load('baseline', server, url)).result;
  } finally {
    await stop(server);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kodepos-bench-analytics-'));
  const load1 = loadavg()[0] ?? 0;
  console.log(`POST ${PATH} — ${SETTINGS.connections} connections, ${pinned ? 'server on CPU 0, load generator on CPU 1' : 'unpinned (no taskset or one CPU)'}; load average ${load1.toFixed(2)}`);
  try {
    const ours = await measureKodepos(dataDir);
    const baseline = await measureBaseline();
    const ratio = Math.round((ours.reqPerSec / baseline.reqPerSec) * 100) / 100;
    const pass = ratio >= TARGET;
    const cpuRatio = ours.cpuUsPerRequest && baseline.cpuUsPerRequest ? Math.round((baseline.cpuUsPerRequest / ours.cpuUsPerRequest) * 100) / 100 : null;
    const loadAfter = loadavg()[0] ?? 0;
    const out = {
      name: 'analytics',
      title: 'POST /public/v1/events (anonymous page view)',
      at: new Date().toISOString(),
      settings: { ...SETTINGS, pinned, cpus: availableParallelism(), loadAverage1m: [load1, loadAfter].map((l) => Math.round(l * 100) / 100), node: process.version },
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
    const line = (r: RunResult): string => `${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, peak RSS ${r.peakRssMb ?? 'n/a'} MB, CPU ${r.cpuUsPerRequest ?? 'n/a'} µs/request`;
    console.log(`  Kodepos  ${line(ours)}`);
    console.log(`  baseline ${line(baseline)}`);
    console.log(`  ratio ${ratio.toFixed(2)} (target >= ${TARGET}): ${pass ? 'PASS' : 'BELOW TARGET'}; CPU-per-request ratio ${cpuRatio ?? 'n/a'}`);
    if (Math.max(load1, loadAfter) > availableParallelism()) {
      console.log(`  note: the machine was busy (load ${load1.toFixed(1)} → ${loadAfter.toFixed(1)} on ${availableParallelism()} CPUs), so req/s are low and noisy; the CPU-per-request ratio is steadier`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--baseline-server') {
  await serveBaseline(Number(process.argv[3]));
} else {
  await main();
}
