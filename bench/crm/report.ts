/** The result file of the CRM benchmark (bench/results/crm.json) and its markdown table. */
export interface Percentiles {
  p50: number;
  p95: number;
  n: number;
}

export interface Latency {
  ours: Percentiles;
  baseline: Percentiles;
  /** Baseline p95 over Kodepos p95: the share of the raw speed Kodepos keeps (1 = as fast). */
  ratio: number;
  /** Kodepos p95 over baseline p95. */
  slowdown: number;
}

export interface CrmResult {
  name: 'crm';
  title: string;
  at: string;
  settings: {
    rows: number;
    csvMb: number;
    parts: number;
    importTimeoutS: number;
    searches: number;
    listRepeats: number;
    deepPages: number;
    pinned: boolean;
    cpus: number;
    node: string;
    loadAverage1m: number[];
  };
  import: {
    ours: {
      rows: number;
      seconds: number;
      rowsPerSec: number;
      /** The rate in the first and the last minute of the import: a falling rate means per-row work grows with the table. */
      firstMinuteRowsPerSec: number;
      lastMinuteRowsPerSec: number;
      timedOut: boolean;
      rejected: number;
      peakRssMb: number;
      singleFile: string;
      progress: { s: number; rows: number }[];
    };
    baseline: { rows: number; seconds: number; rowsPerSec: number; peakRssMb: number };
    ratio: number;
    target: number;
    pass: boolean;
    rssLimitMb: number;
    rssPass: boolean;
  };
  dataset: { contacts: number; imported: number; writtenDirectly: number };
  queries: {
    search: Latency;
    firstPage: Latency;
    deepPages: Latency;
    filtered: Latency;
    searchHits: { ours: number; baseline: number };
    serverPeakRssMb: number;
  };
  pass: boolean;
  markdown: string;
}

const n = (v: number) => v.toLocaleString('en-US');

export function markdown(r: CrmResult): string {
  const i = r.import;
  const q = r.queries;
  const lat = (label: string, l: Latency) =>
    `| ${label} | ${l.ours.p50} / ${l.ours.p95} ms | ${l.baseline.p50} / ${l.baseline.p95} ms | ${l.ratio} (${l.slowdown}× slower) | — | n = ${l.ours.n} |`;
  const partial = i.ours.timedOut
    ? `${n(i.ours.rows)} of ${n(r.settings.rows)} rows in ${i.ours.seconds} s, then stopped at the ${r.settings.importTimeoutS} s limit; first minute ${n(i.ours.firstMinuteRowsPerSec)}, last minute ${n(i.ours.lastMinuteRowsPerSec)} rows/s`
    : `${n(i.ours.rows)} rows in ${i.ours.seconds} s; first minute ${n(i.ours.firstMinuteRowsPerSec)}, last minute ${n(i.ours.lastMinuteRowsPerSec)} rows/s`;
  return [
    `| ${r.title} | Kodepos | baseline | ratio | target | result |`,
    '| --- | ---: | ---: | ---: | --- | --- |',
    `| import rows/s (${partial}) | ${n(i.ours.rowsPerSec)} | ${n(i.baseline.rowsPerSec)} | ${i.ratio} | ≥ ${i.target} | ${i.pass ? 'PASS' : i.ours.timedOut ? 'BELOW TARGET (timed out)' : 'BELOW TARGET'} |`,
    `| import peak RSS | ${i.ours.peakRssMb} MB | ${i.baseline.peakRssMb} MB | — | < ${i.rssLimitMb} MB | ${i.rssPass ? 'PASS' : 'ABOVE LIMIT'} |`,
    lat('search p50 / p95 (`/api/v1/search?q=` 3–5 letter prefix)', q.search),
    lat('list first page p50 / p95 (limit 50, sort lastName:asc)', q.firstPage),
    lat(`list deeper pages p50 / p95 (${q.deepPages.ours.n} pages by nextCursor)`, q.deepPages),
    lat('filtered list p50 / p95 (city eq Surabaya)', q.filtered),
    '',
    `${n(r.dataset.contacts)} contacts read (${n(r.dataset.imported)} imported by \`kodepos import\`${r.dataset.writtenDirectly ? `, ${n(r.dataset.writtenDirectly)} written straight into the database after the time limit` : ''}); ` +
      `CSV ${r.settings.csvMb} MB in ${r.settings.parts} part(s) (whole file: ${i.ours.singleFile}); server peak RSS during reads ${q.serverPeakRssMb} MB; ` +
      `${r.settings.pinned ? 'pinned' : 'unpinned'}, ${r.settings.cpus} CPUs, Node ${r.settings.node}, load average ${r.settings.loadAverage1m.join(' → ')}.`,
  ].join('\n');
}
