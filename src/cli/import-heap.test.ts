import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `kodepos import` runs with a bounded heap (bin/kodepos.mjs), which keeps a 1M-row import under
 * its 512 MB memory target; other commands keep V8's default. A preload prints each process's
 * heap limit, so the command's own process shows which one it got.
 */
describe('heap limit of the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-heap-'));
  const probe = join(dir, 'probe.mjs');
  writeFileSync(probe, "import v8 from 'node:v8';\nprocess.stderr.write(`heap-limit-mb ${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)}\\n`);\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], env: NodeJS.ProcessEnv = {}): number[] => {
    const r = spawnSync(process.execPath, ['--import', probe, 'bin/kodepos.mjs', ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' });
    return [...r.stderr.matchAll(/heap-limit-mb (\d+)/g)].map((m) => Number(m[1]));
  };

  it('import runs in a child with a 256 MB old generation; other commands and an explicit limit keep theirs', () => {
    const imp = run(['import', '--help']);
    expect(imp).toHaveLength(2);
    expect(Math.min(...imp)).toBeLessThan(400);
    expect(Math.max(...imp)).toBeGreaterThan(1000);
    const other = run(['migrate', '--help']);
    expect(other).toHaveLength(1);
    expect(other[0]).toBeGreaterThan(1000);
    const given = run(['import', '--help'], { NODE_OPTIONS: '--max-old-space-size=1536' });
    expect(given).toHaveLength(1);
    expect(given[0]).toBeGreaterThan(1500);
  }, 60_000);
});
