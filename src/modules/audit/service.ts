import type { Kysely } from 'kysely';
import type { AuditLogTable } from '../../db/core-tables.js';
import type { Db } from '../../db/db.js';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { scrub, scrubString } from '../../lib/redact.js';
import * as repo from './repo.js';

export type ActorType = 'user' | 'api_key' | 'system' | 'subject' | 'operator';

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null };

export interface AuditEntry {
  actor: Actor;
  workspaceId?: string | null;
  /** Dotted verb, e.g. `user.registered`, `member.role_changed`. */
  action: string;
  target?: { type: string; id: string };
  reason?: string;
  /** Ids, field names and counts only: anything that looks like personal data is masked. */
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/**
 * `details` is hashed in a canonical form (keys sorted, no whitespace): PostgreSQL's jsonb hands the
 * text back re-ordered and re-spaced, so hashing the stored text as written would fail every check.
 */
function canonicalDetails(details: string | null): string | null {
  if (details === null) return null;
  try {
    return JSON.stringify(sortKeys(JSON.parse(details)));
  } catch {
    return details;
  }
}

function rowHash(prev: string, r: Omit<AuditLogTable, 'hash' | 'prev_hash'>, canonical = true): string {
  const content = JSON.stringify([
    r.seq, r.id, r.at, r.actor_type, r.actor_id, r.workspace_id, r.action, r.target_type, r.target_id, r.reason,
    canonical ? canonicalDetails(r.details) : r.details,
  ]);
  return sha256Hex(`${prev}|${content}`);
}

/**
 * Appends one entry to the hash chain (invariant 4). Pass the transaction that makes the change,
 * so the change and its audit entry commit together.
 */
export async function record(db: Db, clock: Clock, entry: AuditEntry, trx?: Kysely<Database>): Promise<string> {
  const write = async (k: Kysely<Database>): Promise<string> => {
    await repo.lockChain(k, db.dialect);
    const last = await repo.lastRow(k);
    const at = clock.now().toISOString();
    const base = {
      seq: (last?.seq ?? 0) + 1,
      id: newId('aud'),
      at,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      workspace_id: entry.workspaceId ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      reason: entry.reason ? scrubString(entry.reason).slice(0, 1000) : null,
      details: entry.details ? JSON.stringify(scrub(entry.details)) : null,
    };
    const prev = last?.hash ?? GENESIS;
    await repo.insertRow(k, { ...base, prev_hash: prev, hash: rowHash(prev, base) }, at);
    return base.id;
  };
  if (trx) return write(trx);
  return db.k.transaction().execute(write);
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  problems: { seq: number; problem: string }[];
}

/** Walks the whole chain: an edited row breaks its hash, a deleted one breaks the sequence or the head. */
export async function verify(db: Db): Promise<VerifyResult> {
  const problems: VerifyResult['problems'] = [];
  let prev = GENESIS;
  let expectSeq = 1;
  let rows = 0;
  for (;;) {
    const batch = await repo.readBatch(db.k, expectSeq - 1, 1000);
    if (batch.length === 0) break;
    for (const r of batch) {
      rows++;
      if (r.seq !== expectSeq) problems.push({ seq: expectSeq, problem: `rows ${expectSeq}..${r.seq - 1} are missing` });
      if (r.prev_hash !== prev) problems.push({ seq: r.seq, problem: 'previous-hash link is broken' });
      const { hash, prev_hash: _p, ...rest } = r;
      // Rows written before details were canonicalised (SQLite keeps their text verbatim) still verify.
      if (rowHash(r.prev_hash, rest) !== hash && rowHash(r.prev_hash, rest, false) !== hash) {
        problems.push({ seq: r.seq, problem: 'row content does not match its hash' });
      }
      prev = hash;
      expectSeq = r.seq + 1;
    }
  }
  const head = await repo.readHead(db.k);
  if (head && (head.seq !== expectSeq - 1 || head.hash !== prev)) {
    problems.push({ seq: head.seq, problem: 'the chain ends before its recorded head: rows were removed from the end' });
  }
  if (!head && rows > 0) problems.push({ seq: 0, problem: 'the chain head record is missing' });
  return { ok: problems.length === 0, rows, problems };
}

export { list } from './repo.js';
