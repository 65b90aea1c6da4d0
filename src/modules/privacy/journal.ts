/**
 * The erasure journal: one line per erasure, ids only, in a file under DATA_DIR. It lives outside
 * the database on purpose: after a backup from before an erasure is restored, the journal still
 * knows what was erased and `kodepos privacy replay-erasures` applies it again.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppContext } from '../../context.js';
import type { PrivacyScope } from './engine-types.js';

export const JOURNAL_FILE = 'erasure-journal.jsonl';

export interface JournalEntry {
  v: 1;
  at: string;
  scope: PrivacyScope;
  requestId: string | null;
  /** Table → key values erased (ids, or the link column's ids for tables keyed by a link). */
  tables: Record<string, string[]>;
  roots: { table: 'users' | 'contacts'; id: string }[];
}

export const journalPath = (ctx: AppContext): string => join(ctx.config.dataDir, JOURNAL_FILE);

/** Appends one entry and waits until it is on disk (fsync of the file, and of the directory when the file is new). */
export function appendJournal(ctx: AppContext, entry: JournalEntry): void {
  const path = journalPath(ctx);
  mkdirSync(dirname(path), { recursive: true });
  const isNew = !existsSync(path);
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (isNew) {
    // The new directory entry must survive a crash too.
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
}

/** Every entry, oldest first; a torn last line (a crash mid-append) is skipped. */
export function readJournal(ctx: AppContext): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(journalPath(ctx), 'utf8');
  } catch {
    return [];
  }
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (e.v === 1 && e.tables && e.scope) out.push(e);
    } catch {
      continue;
    }
  }
  return out;
}
