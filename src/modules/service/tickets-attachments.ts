import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { HttpError } from '../../http/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import * as repo from './tickets-repo.js';
import type { AttachmentRow } from './tables.js';

/**
 * Ticket attachments: what may be attached (types and sizes from the design), where the bytes
 * live (DATA_DIR/attachments/<workspace>/<id>, the row keeps the relative path and a SHA-256) and
 * how they are served back. Privacy erasure deletes the files of erased rows (erasure-files.ts).
 */
export const FILE_LIMIT = 10 * 1_048_576;
export const MESSAGE_LIMIT = 25 * 1_048_576;

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  eml: 'message/rfc822',
};
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'application/csv': 'text/csv',
  'text/x-csv': 'text/csv',
  'application/vnd.ms-excel': 'text/csv',
};
/** Types a browser or mail client sends when it does not know better: the extension decides. */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Leading bytes each binary type must start with, so a page renamed .png is refused. */
const MAGIC: Record<string, number[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38]],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  'application/zip': [ZIP, [0x50, 0x4b, 0x05, 0x06]],
  [BY_EXTENSION.docx as string]: [ZIP],
  [BY_EXTENSION.xlsx as string]: [ZIP],
  [BY_EXTENSION.pptx as string]: [ZIP],
};

export const unsupported = (): HttpError =>
  new HttpError(415, 'unsupported_media_type', 'Attach images (PNG, JPEG, GIF, WebP), PDF, text, CSV, ZIP, Word, Excel, PowerPoint or .eml files');
export const tooLarge = (what: 'file' | 'message'): HttpError =>
  new HttpError(413, 'payload_too_large', what === 'file' ? 'A file may be at most 10 MB' : 'The files of one message may be at most 25 MB together');

/** The stored media type of a file, or a 415: the extension decides, the declared type must agree. */
export function attachmentType(filename: string, declared: string, content: Buffer): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const type = BY_EXTENSION[ext];
  if (!type) throw unsupported();
  const given = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  const normal = ALIASES[given] ?? given;
  if (!GENERIC.has(normal) && normal !== type) throw unsupported();
  const magic = MAGIC[type];
  if (magic && !magic.some((m) => m.every((b, i) => content[i] === b))) throw unsupported();
  return type;
}

/** A file name safe to store and to send back: no path, no control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || 'attachment').slice(-200);
}

export const attachmentsRoot = (ctx: AppContext): string => join(ctx.config.dataDir, 'attachments');

export interface NewFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Checks each file and the total, writes the bytes, inserts the rows. Files written are listed in
 * `written` so a caller whose transaction fails removes them again (removeFiles).
 */
export async function storeAttachments(
  ctx: AppContext,
  k: Kysely<Database>,
  at: { workspaceId: string; ticketId: string; messageId: string | null; uploadedBy: string | null; now: string },
  files: NewFile[],
  written: string[],
  alreadyAttached = 0,
): Promise<AttachmentRow[]> {
  let total = alreadyAttached;
  const checked = files.map((f) => {
    if (f.content.length > FILE_LIMIT) throw tooLarge('file');
    total += f.content.length;
    return { ...f, filename: cleanFilename(f.filename), type: attachmentType(f.filename, f.contentType, f.content) };
  });
  if (total > MESSAGE_LIMIT) throw tooLarge('message');
  const rows: AttachmentRow[] = [];
  for (const f of checked) {
    const id = newId('att');
    const rel = `${at.workspaceId}/${id}`;
    const path = join(attachmentsRoot(ctx), rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content, { mode: 0o600 });
    written.push(rel);
    const row: AttachmentRow = {
      id,
      workspace_id: at.workspaceId,
      ticket_id: at.ticketId,
      message_id: at.messageId,
      filename: f.filename,
      content_type: f.type,
      size: f.content.length,
      sha256: sha256Hex(f.content),
      storage_path: rel,
      uploaded_by: at.uploadedBy,
      created_at: at.now,
    };
    await repo.insertAttachment(k, row);
    rows.push(row);
  }
  return rows;
}

export function removeFiles(ctx: AppContext, rels: readonly string[]): void {
  for (const rel of rels) rmSync(join(attachmentsRoot(ctx), rel), { force: true });
}

export function readAttachment(ctx: AppContext, row: AttachmentRow): Buffer {
  try {
    return readFileSync(join(attachmentsRoot(ctx), row.storage_path));
  } catch {
    throw new HttpError(404, 'not_found', 'Attachment not found');
  }
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the exact name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
