/**
 * Child processes for the benchmarks: CPU pinning with taskset, peak
 * memory of a process and its descendants polled from /proc, and helpers to run, stop and wait.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export const pinned = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** `taskset -c <cpu> node …` when pinning is possible; taskset execs node, so the pid is node's. */
export function nodeCommand(cpu: number, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', String(cpu), process.execPath, ...args]] : [process.execPath, args];
}

export interface Child {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `node <args>` on `cpu` with the SQLite default whatever the caller's environment says. */
export function startNode(cpu: number, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const [cmd, argv] = nodeCommand(cpu, args);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(cmd, argv, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer): void => {
    out += d.toString();
    // A progress bar redraws forever: keep the tail only.
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, output: () => out, exited };
}

export async function stop(c: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill(signal);
  const timer = setTimeout(() => c.child.kill('SIGKILL'), 15_000);
  await c.exited;
  clearTimeout(timer);
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and every descendant, from /proc/<pid>/task/<tid>/children. */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i] ?? 0;
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // gone already
    }
  }
  return out;
}

export interface MemoryWatch {
  /** Peak so far in MB: the larger of the root's VmHWM and the largest summed VmRSS of the tree. */
  peakMb(): number;
  stop(): number;
}

/**
 * Polls a process tree every `everyMs`: VmHWM is the kernel's own peak, exact for the root process
 * but lost when the process exits, so the last value read before exit counts (a poll interval of
 * 100 ms misses at most the final moments); children, if any, are added by their current RSS.
 */
export function watchMemory(pid: number | undefined, everyMs = 100): MemoryWatch {
  let peakKb = 0;
  const poll = (): void => {
    if (pid === undefined) return;
    const pids = tree(pid);
    const hwm = statusKb(pid, 'VmHWM');
    const rss = pids.reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0);
    peakKb = Math.max(peakKb, hwm, rss);
  };
  poll();
  const timer = setInterval(poll, everyMs);
  const mb = (): number => Math.round(peakKb / 102.4) / 10;
  return {
    peakMb: mb,
    stop: () => {
      clearInterval(timer);
      return mb();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === 'object' ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export async function waitHttp(server: Child, url: string, timeoutMs = 180_000, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url}:\n${server.output()}`);
}

/** Runs a child to its end and returns its exit code and output (tail). */
export async function runNode(cpu: number, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const c = startNode(cpu, args, env);
  const code = await c.exited;
  return { code, output: c.output() };
}

/** Percentile by nearest rank (p in 0..100) of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? Number.NaN) * 10) / 10;
}
