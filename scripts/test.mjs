#!/usr/bin/env node
// `npm test`: unit and API tests (on SQLite, and on PostgreSQL when it answers), then the browser
// tests, then one plain summary line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';

const TMP = '.tmp';
mkdirSync(TMP, { recursive: true });

async function postgresUrl() {
  if (process.env.KODEPOS_TEST_PG === '0') return { url: null, why: 'KODEPOS_TEST_PG=0' };
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { url, why: null };
  } catch (err) {
    return { url: null, why: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function counts(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // Files that failed to load count as failures too.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + brokenFiles };
}

function run(label, args, env) {
  console.log(`\n=== ${label} ===`);
  const res = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status ?? 1;
}

const { url, why } = await postgresUrl();
if (!url && process.env.KODEPOS_REQUIRE_PG === '1') {
  console.error(`PostgreSQL is required for this run but does not answer: ${why}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(url ? `PostgreSQL run: on (${url.replace(/\/\/[^@]*@/, '//')})` : `PostgreSQL run: SKIPPED (${why}); only SQLite is tested`);

const only = process.argv.slice(2);
const wantUnit = only.length === 0 || only.includes('unit');
const wantE2e = only.length === 0 || only.includes('e2e');
let passed = 0;
let failed = 0;
let exit = 0;

for (const [label, config, json, want] of [
  ['unit and API tests', 'vitest.config.ts', `${TMP}/vitest-unit.json`, wantUnit],
  ['browser tests (Chromium)', 'vitest.e2e.config.ts', `${TMP}/vitest-e2e.json`, wantE2e],
]) {
  if (!want) continue;
  if (!existsSync(config)) continue;
  rmSync(json, { force: true });
  const code = run(label, ['vitest', 'run', '--config', config], url ? { TEST_DATABASE_URL: url } : { TEST_DATABASE_URL: '' });
  const c = counts(json);
  if (c) {
    passed += c.passed;
    failed += c.failed;
  }
  if (code !== 0) {
    exit = 1;
    if (!c || c.failed === 0) failed += 1; // the runner itself failed
  }
}

if (!url) console.log(`\nNote: the PostgreSQL run was skipped (${why}).`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit || (failed > 0 ? 1 : 0));
