/**
 * Load over real HTTP for the request/response benchmarks (me, analytics): autocannon's CLI in its
 * own pinned process, and the server's peak RSS and CPU time read from /proc.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCommand, ROOT } from './crm/proc.js';

const AUTOCANNON = join(ROOT, 'node_modules/autocannon/autocannon.js');

export interface CannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}

function isCannonJson(v: unknown): v is CannonJson {
  const o = v as Partial<CannonJson> | null;
  return typeof o?.requests?.average === 'number' && typeof o.latency?.p99 === 'number' && typeof o.non2xx === 'number';
}

/** Runs `autocannon --json -c <connections> -d <seconds> <args…> <url>` on CPU 1 and returns its summary. */
export function cannon(url: string, opts: { connections: number; seconds: number; args?: string[] }): Promise<CannonJson> {
  const args = [AUTOCANNON, '--json', '-c', String(opts.connections), '-d', String(opts.seconds), ...(opts.args ?? []), url];
  const [cmd, argv] = nodeCommand(1, args);
  return new Promise((ok, fail) => {
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      try {
        const parsed: unknown = JSON.parse(out);
        if (code === 0 && isCannonJson(parsed)) return ok(parsed);
      } catch {
        // reported below
      }
      fail(new Error(`autocannon failed (exit ${code}): ${err || out}`));
    });
  });
}

/** Peak resident memory of a process in MB (VmHWM), or null off Linux. */
export function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat; null off Linux. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}
