import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { parse, type CsvError } from 'csv-parse';
import { HttpError } from '../../http/errors.js';

/**
 * The uploaded CSV on disk: decoded once on upload to plain UTF-8 (no BOM), then streamed record by
 * record as often as needed (count, preview, import). Nothing here holds a whole file in memory.
 */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/**
 * `kodepos import` reads a file already on the server's disk: no upload to bound, so only a sanity
 * limit (a 1M-row contacts export is about 150 MB). It is streamed like an upload, never held whole.
 */
export const MAX_LOCAL_FILE_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_CELL_CHARS = 65_536;
export const MAX_RECORD_CHARS = 1_048_576;
export const MAX_COLUMNS = 1000;

/** Marks a cell the guard cut short; NUL cannot occur in a stored file (it is refused as binary). */
export const CUT = { cell: '\u0000C', record: '\u0000R', columns: '\u0000N' } as const;

export function importFilePath(dataDir: string, id: string): string {
  return join(dataDir, 'imports', `${id}.csv`);
}

export async function removeImportFile(dataDir: string, id: string): Promise<void> {
  await rm(importFilePath(dataDir, id), { force: true });
}

const invalidEncoding = (why: string): HttpError =>
  new HttpError(400, 'invalid_encoding', `The file is not a text CSV in UTF-8 or UTF-16 with a byte-order mark (${why}). Save it as "CSV UTF-8" and upload again.`);

export const tooLarge = (max = MAX_FILE_BYTES): HttpError => new HttpError(413, 'payload_too_large', `The file is larger than ${max / 1024 / 1024} MB: split it into smaller files`);

/**
 * Sniffs the byte-order mark, then decodes strictly: UTF-8 (with or without BOM) or UTF-16 LE/BE
 * with BOM; anything else (Latin-1, binary) fails. After the first failure the rest of the input
 * is read and dropped, so an HTTP client still gets the answer instead of a reset connection.
 */
class Normaliser extends Transform {
  private decoder: TextDecoder | null = null;
  private head = Buffer.alloc(0);
  bytes = 0;
  error: HttpError | null = null;
  encoding = 'utf-8';

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.error) return cb();
    if (!this.decoder) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 3) return cb();
      chunk = this.start(this.head);
    }
    this.decode(chunk, true);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (!this.error && !this.decoder) this.decode(this.start(this.head), true);
    if (!this.error) this.decode(Buffer.alloc(0), false);
    cb();
  }

  private start(head: Buffer): Buffer {
    const bom = (...b: number[]) => b.every((x, i) => head[i] === x);
    const [label, skip] = bom(0xef, 0xbb, 0xbf) ? ['utf-8', 3] : bom(0xff, 0xfe) ? ['utf-16le', 2] : bom(0xfe, 0xff) ? ['utf-16be', 2] : ['utf-8', 0];
    this.encoding = skip && label === 'utf-8' ? 'utf-8 with BOM' : label;
    this.decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    return head.subarray(skip);
  }

  private decode(chunk: Buffer, stream: boolean): void {
    let text: string;
    try {
      text = this.decoder!.decode(chunk, { stream });
    } catch {
      this.error = invalidEncoding(this.encoding.startsWith('utf-16') ? `broken ${this.encoding}` : 'bytes that are not UTF-8, e.g. Latin-1 or Windows-1252');
      return;
    }
    if (text.includes('\u0000')) {
      this.error = invalidEncoding('binary content');
      return;
    }
    if (text) this.push(text, 'utf8');
  }
}

/**
 * Streams an upload to `$DATA_DIR/imports/<id>.csv` as UTF-8. `truncated` tells whether the source
 * stopped at its size limit (multipart does that); `maxBytes` is the limit for a source that does
 * not stop on its own. On any failure the partial file is removed.
 */
export async function saveUpload(source: Readable, dataDir: string, id: string, truncated: () => boolean = () => false, maxBytes = MAX_FILE_BYTES): Promise<{ bytes: number; encoding: string }> {
  const dest = importFilePath(dataDir, id);
  await mkdir(join(dataDir, 'imports'), { recursive: true });
  const n = new Normaliser();
  try {
    await pipeline(source, n, createWriteStream(dest, { mode: 0o600 }));
    if (truncated() || n.bytes > maxBytes) throw tooLarge(maxBytes);
    if (n.error) throw n.error;
    if (n.bytes === 0) throw new HttpError(400, 'missing_header', 'The file is empty: its first row must name the columns');
    return { bytes: n.bytes, encoding: n.encoding };
  } catch (err) {
    await rm(dest, { force: true });
    throw err;
  }
}

/** The delimiter of the header line: comma, semicolon (Excel in many locales) or tab. */
export async function sniffDelimiter(path: string): Promise<string> {
  const fh = await open(path, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(65_536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c] = (counts[c] ?? 0) + 1;
  }
  return Object.entries(counts).reduce((best, cur) => (cur[1] > best[1] ? cur : best), [',', 0])[0];
}

/**
 * Keeps cells and records to a bounded size before csv-parse sees them: the rest of an oversized
 * cell is dropped and a CUT marker left in its place, so a 50 MB single-cell file costs 64 KB of
 * memory and only its row is refused. It follows CSV quoting the way csv-parse does (quotes open a
 * field only at its start, "" is a quote inside one).
 */
class SizeGuard extends Transform {
  private inQuotes = false;
  private quotePending = false;
  private atFieldStart = true;
  private fieldLen = 0;
  private fieldCut = false;
  private recordLen = 0;
  private recordCut = false;
  private fields = 1;

  constructor(private readonly delimiter: string) {
    super({ decodeStrings: false });
  }

  override _transform(chunk: string, _enc: BufferEncoding, cb: TransformCallback): void {
    const out: string[] = [];
    let run = 0;
    const flush = (i: number) => {
      if (i > run) out.push(chunk.slice(run, i));
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            run = i + 1;
            const mark = this.content();
            if (mark === '') out.push('""');
            else if (mark) out.push(mark);
            continue;
          }
          this.inQuotes = false;
          out.push('"');
          run = i;
        } else if (c === '"') {
          flush(i);
          run = i + 1;
          this.quotePending = true;
          continue;
        } else {
          const mark = this.content();
          if (mark !== '') {
            flush(i);
            run = i + 1;
            if (mark) out.push(mark);
          }
          continue;
        }
      }
      if (c === this.delimiter && this.fields < MAX_COLUMNS) {
        this.fields++;
        this.endField();
      } else if (c === '\n' || c === '\r') {
        this.endField();
        this.fields = 1;
        this.recordLen = 0;
        this.recordCut = false;
      } else if (c === '"' && this.atFieldStart) {
        this.inQuotes = true;
        this.atFieldStart = false;
      } else {
        const mark = this.content(c === this.delimiter ? CUT.columns : undefined);
        if (mark !== '') {
          flush(i);
          run = i + 1;
          if (mark) out.push(mark);
        }
      }
    }
    flush(chunk.length);
    cb(null, out.join(''));
  }

  override _flush(cb: TransformCallback): void {
    cb(null, this.quotePending ? '"' : '');
  }

  private endField(): void {
    this.atFieldStart = true;
    this.fieldLen = 0;
    this.fieldCut = false;
  }

  /** Counts one content character: '' keeps it, a marker replaces it, null drops it. */
  private content(force?: string): string | null {
    this.atFieldStart = false;
    this.fieldLen++;
    this.recordLen++;
    if (this.recordCut || this.fieldCut) return null;
    const cut = force ?? (this.recordLen > MAX_RECORD_CHARS ? CUT.record : this.fieldLen > MAX_CELL_CHARS ? CUT.cell : undefined);
    if (!cut) return '';
    if (cut === CUT.cell) this.fieldCut = true;
    else this.recordCut = true;
    return cut;
  }
}

/** One record of the file: index 0 is the header. `cells` is null when the CSV itself is broken there. */
export interface FileRecord {
  index: number;
  cells: string[] | null;
  /** Why the record could not be read, and the text it spans (bounded). */
  error?: { message: string; raw: string };
}

const PARSE_MESSAGES: Partial<Record<CsvError['code'], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed: the rest of the file was read as that one cell',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after a closing quote',
};

/** Every record of a stored import file, in order, including the ones csv-parse had to skip. */
export async function* readRecords(path: string, delimiter: string): AsyncGenerator<FileRecord> {
  const skipped: { after: number; error: FileRecord['error'] }[] = [];
  const parser = parse({
    delimiter,
    bom: false,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    raw: true,
    // The guard keeps records far below this; csv-parse's own limit is only a backstop.
    max_record_size: MAX_RECORD_CHARS * 2,
    on_skip: (err, raw) => {
      // csv-parse cannot resume after this one (it drops the rest of the chunk): fail loudly.
      if (!err || err.code === 'CSV_MAX_RECORD_SIZE') throw err ?? new Error('CSV parse failed');
      skipped.push({ after: Number(err.records ?? 0), error: { message: PARSE_MESSAGES[err.code] ?? 'the row is not valid CSV', raw: (raw ?? '').slice(0, 2000) } });
    },
  });
  const source = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const piped = pipeline(source, new SizeGuard(delimiter), parser);
  let index = 0;
  let emitted = 0;
  try {
    for await (const r of parser as AsyncIterable<{ record: string[] }>) {
      while (skipped.length && (skipped[0]?.after ?? 0) <= emitted) yield { index: index++, cells: null, error: skipped.shift()?.error };
      emitted++;
      yield { index: index++, cells: r.record };
    }
    await piped;
    for (const s of skipped) yield { index: index++, cells: null, error: s.error };
  } finally {
    source.destroy();
    parser.destroy();
    await piped.catch(() => undefined);
  }
}
