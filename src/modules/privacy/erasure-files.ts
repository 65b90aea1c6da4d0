/**
 * Erasure outside the database: outbox mails that name the subject's addresses, the subject's
 * export archives and the files attached to their support tickets are deleted from DATA_DIR. One mail is spared: the certificate of erasure. It is
 * the proof the subject is owed that the erasure happened, and with the outbox transport the file
 * is the delivery itself; it holds the address it goes to, the request's reference and counts per
 * table, nothing else of the person.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../context.js';
import { exportsDir } from './export.js';

/** The header that marks a certificate of erasure (its value: the request id). */
export const CERTIFICATE_HEADER = 'X-Kodepos-Erasure-Certificate';

/** Whether a raw mail (lower-cased) carries the certificate header among its headers, not merely in its body. */
function isCertificate(text: string): boolean {
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  return new RegExp(`^${CERTIFICATE_HEADER.toLowerCase()}:`, 'm').test(head);
}

/** Raw mail text with quoted-printable soft breaks and an encoded "@" undone, lower case, so an address split by either is still found. */
function searchable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=40/gi, '@').toLowerCase();
}

/** Deletes every outbox `.eml` file that mentions one of the addresses, certificates of erasure excepted; returns how many. */
export function removeOutboxMails(ctx: AppContext, emails: readonly string[]): number {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')))];
  if (wanted.length === 0) return 0;
  const dir = join(ctx.config.dataDir, 'outbox');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml') || f.endsWith('.tmp'));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const f of files) {
    const path = join(dir, f);
    let text: string;
    try {
      text = searchable(readFileSync(path, 'latin1'));
    } catch {
      continue;
    }
    if (wanted.some((e) => text.includes(e)) && !isCertificate(text)) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Deletes export archives by file name (names are random, never a path); returns how many existed. */
export function removeExportFiles(ctx: AppContext, fileNames: readonly string[]): number {
  let removed = 0;
  for (const name of fileNames) {
    if (!/^[A-Za-z0-9_-]+\.zip$/.test(name)) continue;
    const path = join(exportsDir(ctx), name);
    try {
      rmSync(path);
      removed++;
    } catch {
      continue;
    }
  }
  return removed;
}

/** Ticket attachments live under DATA_DIR/attachments as `<workspace>/<file>` (ticket_attachments.storage_path). */
const ATTACHMENT_PATH = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/;

/** Deletes ticket attachment files by their stored relative path (anything else is ignored); returns how many existed. */
export function removeAttachmentFiles(ctx: AppContext, storagePaths: readonly string[]): number {
  let removed = 0;
  for (const rel of storagePaths) {
    if (!ATTACHMENT_PATH.test(rel)) continue;
    try {
      rmSync(join(ctx.config.dataDir, 'attachments', rel));
      removed++;
    } catch {
      continue;
    }
  }
  return removed;
}
