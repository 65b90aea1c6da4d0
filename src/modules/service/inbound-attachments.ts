/**
 * Which attachments of an inbound mail the ticket keeps, under the ticket attachment limits
 * (10 MB a file, 25 MB a message, the allowed types). The rest are dropped and named in a
 * system note: a mail is never refused for its attachments.
 */
export const FILE_LIMIT = 10 * 1_048_576;
export const MESSAGE_LIMIT = 25 * 1_048_576;

const TYPES: Record<string, string> = {
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
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-zip-compressed': 'application/zip', 'application/x-zip': 'application/zip' };
const ALLOWED = new Set(Object.values(TYPES));

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Dropped {
  filename: string;
  reason: 'unsupported_type' | 'too_large';
}

/** The allowed type of a file: its declared type, or its extension's when the mailer sent a generic one. */
export function allowedType(filename: string, declared: string): string | null {
  const t = ALIASES[declared] ?? declared;
  if (ALLOWED.has(t)) return t;
  if (t === 'application/octet-stream' || t === 'binary/octet-stream') {
    const ext = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
    return TYPES[ext] ?? null;
  }
  return null;
}

export function selectAttachments(all: InboundAttachment[]): { kept: InboundAttachment[]; dropped: Dropped[] } {
  const kept: InboundAttachment[] = [];
  const dropped: Dropped[] = [];
  let total = 0;
  for (const a of all) {
    const filename = a.filename.replace(/[\r\n\t/\\]+/g, '_').slice(0, 200) || 'attachment';
    const type = allowedType(filename, a.contentType);
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
