/**
 * Summarises V8 `.cpuprofile` files (from `node --cpu-prof`): self time by function and by module
 * (a file of ours, an npm package, or Node/V8 itself), and inclusive time of chosen functions of
 * ours, so a report can say where an import's time goes without opening DevTools.
 *
 *   node --import tsx bench/crm/profile.ts <file.cpuprofile | dir> [top]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Entry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  byFunction: Entry[];
  byModule: Entry[];
  /** Time inside (inclusive of callees) each function of ours named in `inclusive`. */
  inclusive: Entry[];
}

const ROOT = resolve(import.meta.dirname, '../..');

/** "src/modules/audit/service.ts", "node_modules:kysely", "node:internal", "(native)". */
export function moduleOf(url: string): string {
  if (!url) return '(native/V8)';
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = fileURLToPath(url.replace(/\?.*$/, ''));
    } catch {
      path = url;
    }
  }
  if (path.startsWith('node:')) return 'node: (runtime)';
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split('/');
    return `npm:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '')}`;
  }
  return path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
}

function top(map: Map<string, number>, total: number, n: number): Entry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }));
}

export function summarise(file: string, n = 25, inclusive: string[] = []): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    if (functionName === '(idle)') idle += us;
    const m = moduleOf(url);
    const name = `${functionName || '(anonymous)'} ${m}${url ? `:${lineNumber + 1}` : ''}`;
    if (functionName === '(idle)') continue;
    fn.set(name, (fn.get(name) ?? 0) + us);
    mod.set(m, (mod.get(m) ?? 0) + us);
    // Inclusive time: charge each sample once to every named ancestor frame.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f) break;
      const key = `${f.functionName} ${moduleOf(f.url)}`;
      for (const want of inclusive) {
        if (!seen.has(want) && key.startsWith(`${want.split(' ')[0] ?? ''} `) && key.endsWith(want.split(' ')[1] ?? '')) {
          seen.add(want);
          incl.set(want, (incl.get(want) ?? 0) + us);
        }
      }
    }
  }
  const busy = total - idle;
  return {
    file,
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    byFunction: top(fn, busy, n),
    byModule: top(mod, busy, n),
    inclusive: inclusive.map((name) => ({ name, ms: Math.round((incl.get(name) ?? 0) / 1000), share: Math.round(((incl.get(name) ?? 0) / busy) * 1000) / 10 })),
  };
}

/** The largest profile of a directory: the main thread's (tsx's loader thread writes a small one). */
export function mainProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
}

/** The service functions whose inclusive share tells where an imported row's time goes. */
export const IMPORT_STAGES = [
  'runImport src/modules/crm/import-jobs.ts',
  'readRecords src/modules/crm/import-file.ts',
  'scan src/modules/crm/imports-service.ts',
  'processBatch src/modules/crm/import-batch.ts',
  'create src/modules/crm/contacts-service.ts',
  'create src/modules/crm/companies-service.ts',
  'checkLinks src/modules/crm/contacts-service.ts',
  'listDefs src/modules/crm/custom-fields.ts',
  'record src/modules/audit/service.ts',
  'recordEvent src/modules/crm/timeline.ts',
  'emitRecordChange src/modules/crm/hooks.ts',
  'keepInStep src/modules/search/service.ts',
  'setCompanies src/modules/crm/contacts-repo.ts',
  'insert src/modules/crm/contacts-repo.ts',
  'rowConverter src/modules/crm/import-rows.ts',
  'safeParse npm:zod',
  'compileQuery npm:kysely',
  'executeQuery npm:kysely',
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = resolve(process.argv[2] ?? '.');
  const file = statSync(target).isDirectory() ? mainProfile(target) : target;
  if (!file) throw new Error(`no .cpuprofile in ${target}`);
  const s = summarise(file, Number(process.argv[3] ?? 25), IMPORT_STAGES);
  const show = (title: string, rows: Entry[]): void => {
    console.log(`\n${title}`);
    for (const r of rows) console.log(`  ${String(r.share).padStart(5)} %  ${String(r.ms).padStart(7)} ms  ${r.name}`);
  };
  console.log(`${s.file}: ${s.totalMs} ms sampled, ${s.idleMs} ms idle (waiting on I/O or timers); shares below are of the busy time`);
  show('Self time by module', s.byModule);
  show('Self time by function', s.byFunction);
  show('Inclusive time of import stages', s.inclusive);
}
