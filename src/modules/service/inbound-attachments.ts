import { HttpError } from '../../http/errors.js';
import { FILE_LIMIT, MESSAGE_LIMIT, attachmentType, cleanFilename } from './tickets-attachments.js';

/**
 * Which attachments of an inbound mail the ticket keeps, under the ticket attachment rules
 * (tickets-attachments.ts: types checked by extension and leading bytes, 10 MB a file, 25 MB a
 * message). The rest are dropped and named in a system note: a mail is never refused for its
 * attachments.
 */
export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Dropped {
  filename: string;
  reason: 'unsupported_type' | 'too_large';
}

/** Mail clients often send pasted images as "image.png" or with no name at all: the declared type names the extension. */
const EXTENSION: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf', 'text/plain': 'txt', 'text/csv': 'csv', 'message/rfc822': 'eml',
};

function named(filename: string, contentType: string): string {
  const clean = cleanFilename(filename);
  const ext = EXTENSION[contentType];
  return ext && !/\.[A-Za-z0-9]{1,5}$/.test(clean) ? `${clean}.${ext}` : clean;
}

export function selectAttachments(all: InboundAttachment[]): { kept: InboundAttachment[]; dropped: Dropped[] } {
  const kept: InboundAttachment[] = [];
  const dropped: Dropped[] = [];
  let total = 0;
  for (const a of all) {
    const filename = named(a.filename, a.contentType);
    let type: string | null;
    try {
      type = attachmentType(filename, a.contentType, a.content);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      type = null;
    }
    if (!type) dropped.push({ filename, reason: 'unsupported_type' });
    else if (a.content.length > FILE_LIMIT || total + a.content.length > MESSAGE_LIMIT) dropped.push({ filename, reason: 'too_large' });
    else {
      total += a.content.length;
      kept.push({ filename, contentType: type, content: a.content });
    }
  }
  return { kept, dropped };
}

/** The system note naming what was not kept, in English and Bahasa Indonesia (agents read either). */
export function droppedNote(dropped: Dropped[]): string {
  const why = { unsupported_type: ['type not allowed', 'jenis tidak diizinkan'], too_large: ['too large', 'terlalu besar'] } as const;
  const en = dropped.map((d) => `${d.filename} (${why[d.reason][0]})`).join(', ');
  const id = dropped.map((d) => `${d.filename} (${why[d.reason][1]})`).join(', ');
  return `Attachments not kept from the email: ${en}.\nLampiran email yang tidak disimpan: ${id}.`;
}
