import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { intake } from '../privacy/requests-service.js';
import { parseInbound, type InboundMail } from './inbound-parse.js';

/**
 * Mail to the operator's privacy address (OPERATOR_EMAIL) becomes a platform-scope request in
 * the privacy officer's queue, with the usual verification mail to the sender: an email is
 * no proof of identity until the link in that mail is followed.
 */
export type MailedRequestType = 'deletion' | 'access' | 'correction';

const RULES: [MailedRequestType, RegExp][] = [
  ['deletion', /\b(delet\w*|eras\w*|remove|forget|forgotten|hapus\w*|menghapus|dihapus|penghapusan)\b/i],
  ['correction', /\b(correct\w*|rectif\w*|wrong|incorrect|perbaik\w*|memperbaiki|koreksi|salah)\b/i],
  ['access', /\b(access|copy|export|salinan|akses|ekspor)\b/i],
];

/** The request type an email asks for, in English or Bahasa Indonesia; access when unclear. */
export function guessRequestType(text: string): MailedRequestType {
  return RULES.find(([, re]) => re.test(text))?.[0] ?? 'access';
}

export interface PrivacyMailResult {
  requestId: string | null;
  type: MailedRequestType | null;
  ignored: 'automatic' | null;
}

export async function receiveParsedPrivacyMail(ctx: AppContext, mail: InboundMail): Promise<PrivacyMailResult> {
  if (mail.automatic) return { requestId: null, type: null, ignored: 'automatic' };
  const type = guessRequestType(`${mail.subject}\n${mail.text}`);
  const details = `${mail.subject}\n\n${mail.text}`.trim().slice(0, 5000);
  const input = { email: mail.from.email, details, ...(mail.locale ? { locale: mail.locale } : {}) };
  try {
    return { requestId: (await intake(ctx, { ...input, type }, null)).id, type, ignored: null };
  } catch (err) {
    // The portal's correction form names fields and values; a mail cannot, so the request is filed
    // for access with the words kept, and the officer settles the correction with the person.
    if (!(err instanceof HttpError && err.code === 'corrections_required')) throw err;
    const id = (await intake(ctx, { ...input, type: 'access', details: `[correction requested by email]\n${details}`.slice(0, 5000) }, null)).id;
    return { requestId: id, type: 'access', ignored: null };
  }
}

export async function receivePrivacyMail(ctx: AppContext, raw: Buffer): Promise<PrivacyMailResult> {
  return receiveParsedPrivacyMail(ctx, await parseInbound(raw));
}
