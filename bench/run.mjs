#!/usr/bin/env node
// `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after another, each in
// its own Node process through tsx, then prints one markdown table from the JSON each benchmark
// writes to bench/results/<name>.json. Exit code 1 when a benchmark crashed; a ratio below its
// target is reported in the table, not treated as a crash.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const BENCH = import.meta.dirname;
const RESULTS = join(BENCH, 'results');

const wanted = process.argv.slice(2);
const files = readdirSync(BENCH)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ') || 'bench/*.bench.ts'}`);
  process.exit(1);
}

const results = [];
let crashed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const out = join(RESULTS, `${name}.json`);
  // A stale file from an earlier run must not pass for this run's result.
  rmSync(out, { force: true });
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH, file)], {
    stdio: 'inherit',
    cwd: join(BENCH, '..'),
  });
  console.log(`(${name} took ${Math.round((Date.now() - started) / 1000)} s)`);
  if (r.status !== 0 || !existsSync(out)) {
    console.error(`${name}: failed (exit ${r.status ?? r.signal})`);
    crashed++;
    continue;
  }
  results.push(JSON.parse(readFileSync(out, 'utf8')));
}

// Request/response benchmarks (me.bench.ts) share one table; others (crm.bench.ts) bring their own markdown.
const served = results.filter((r) => r.ours && typeof r.ours.reqPerSec === 'number');
const mb = (v) => (typeof v === 'number' ? `${v} MB` : 'n/a');
const us = (v) => (typeof v === 'number' ? `${v} µs` : 'n/a');
if (served.length) {
  const rows = [
    '| benchmark | Kodepos req/s | baseline req/s | ratio (target) | p50 Kodepos / baseline | p99 Kodepos / baseline | peak RSS Kodepos / baseline | CPU per request Kodepos / baseline | result |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...served.map(
      (r) =>
        `| ${r.title} | ${r.ours.reqPerSec} | ${r.baseline.reqPerSec} | ${r.ratio.toFixed(2)} (≥ ${r.target}) | ` +
        `${r.ours.p50Ms} / ${r.baseline.p50Ms} ms | ${r.ours.p99Ms} / ${r.baseline.p99Ms} ms | ` +
        `${mb(r.ours.peakRssMb)} / ${mb(r.baseline.peakRssMb)} | ${us(r.ours.cpuUsPerRequest)} / ${us(r.baseline.cpuUsPerRequest)} | ` +
        `${r.pass ? 'PASS' : 'BELOW TARGET'} |`,
    ),
  ];
  console.log(`\n${rows.join('\n')}`);
  const s = served[0]?.settings;
  if (s) {
    console.log(
      `\n${s.connections} connections, ${s.warmupS} s warm-up + ${s.durationS} s measured per server, ` +
        `${s.pinned ? 'server pinned to CPU 0 and autocannon to CPU 1' : 'no CPU pinning'}, ${s.cpus} CPUs, Node ${s.node}, ` +
        `load average ${s.loadAverage1m.join(' → ')}.`,
    );
  }
}
for (const r of results) if (!served.includes(r) && typeof r.markdown === 'string') console.log(`\n${r.markdown}`);
if (crashed) process.exit(1);
