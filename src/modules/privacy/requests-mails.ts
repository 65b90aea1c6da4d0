import { renderMail, type RenderedMail } from '../../mail/layout.js';
import type { ErasureReport } from './engine-types.js';
import type { RequestType } from './tables.js';

/** Mails to data subjects about their requests. English: the requester's language is not known. */
const TYPE_LABEL: Record<RequestType, string> = {
  access: 'access to your personal data',
  portability: 'a copy of your personal data (portability)',
  correction: 'correction of your personal data',
  deletion: 'deletion of your personal data',
  restriction: 'restriction of processing of your personal data',
  withdraw_consent: 'withdrawal of your consent',
  opt_out_sale: 'opting out of the sale or sharing of your personal data',
};

const footer = (op: string): string => `${op} · You receive this because a privacy request was made with this address.`;

export const fmtDate = (iso: string): string => `${new Date(iso).toUTCString().replace('GMT', 'UTC')}`;

export function verifyMail(op: string, type: RequestType, url: string): RenderedMail {
  return renderMail({
    subject: 'Confirm your privacy request',
    heading: 'Please confirm your request',
    paragraphs: [`We received a request for ${TYPE_LABEL[type]} made with this email address.`, 'To protect your data we act only once you confirm that the request is yours. The link is valid for 24 hours and works once. If you did not make this request, ignore this email.'],
    action: { label: 'Confirm my request', url },
    footer: footer(op),
  });
}

export function ackMail(op: string, type: RequestType, id: string, dueAt: string, clock: string): RenderedMail {
  return renderMail({
    subject: 'We received your privacy request',
    heading: 'Your request is confirmed',
    paragraphs: [`Your request for ${TYPE_LABEL[type]} (reference ${id}) is confirmed and being handled.`, `We will answer by ${fmtDate(dueAt)} at the latest. ${clock}.`],
    footer: footer(op),
  });
}

export function extendedMail(op: string, type: RequestType, id: string, dueAt: string, reason: string): RenderedMail {
  return renderMail({
    subject: 'More time is needed for your privacy request',
    heading: 'We need more time',
    paragraphs: [`We need more time to answer your request for ${TYPE_LABEL[type]} (reference ${id}). The new deadline is ${fmtDate(dueAt)}.`, `Reason: ${reason}`],
    footer: footer(op),
  });
}

export function rejectedMail(op: string, type: RequestType, id: string, reason: string): RenderedMail {
  return renderMail({
    subject: 'Your privacy request was declined',
    heading: 'We could not carry out your request',
    paragraphs: [`Your request for ${TYPE_LABEL[type]} (reference ${id}) was declined.`, `Reason: ${reason}`, 'You may lodge a complaint with your data protection authority.'],
    footer: footer(op),
  });
}

export function downloadMail(op: string, id: string, url: string, expiresAt: string): RenderedMail {
  return renderMail({
    subject: 'Your personal data is ready to download',
    heading: 'Your data is ready',
    paragraphs: [`The copy of your personal data (reference ${id}) is ready: a ZIP file with one JSON and one CSV file per table, and a JSON Schema describing them.`, `The link works once and expires on ${fmtDate(expiresAt)}, when the file is deleted.`],
    action: { label: 'Download my data', url },
    footer: footer(op),
  });
}

export function certificateMail(op: string, id: string, report: ErasureReport): RenderedMail {
  const holds = report.legalHolds.length
    ? report.legalHolds.map((h) => `${h.table}: ${h.rows} record(s) kept, pseudonymised, for ${h.holdYears} years (${h.reason}).`)
    : ['No records had to be kept under a legal hold.'];
  return renderMail({
    subject: 'Certificate of erasure',
    heading: 'Your personal data has been erased',
    paragraphs: [
      `On ${fmtDate(report.erasedAt)} we erased your personal data (reference ${id}) from ${report.tables.length} table(s).`,
      'Kept under a legal obligation:',
      ...holds,
      report.processorTasks.length ? `We asked these processors to erase it too: ${report.processorTasks.join(', ')}.` : 'No third-party processor held your data.',
      'This address is not kept: this email is the last we send you.',
    ],
    footer: footer(op),
  });
}

export function doneMail(op: string, type: RequestType, id: string): RenderedMail {
  return renderMail({
    subject: 'Your privacy request is complete',
    heading: 'Request completed',
    paragraphs: [`Your request for ${TYPE_LABEL[type]} (reference ${id}) has been carried out.`],
    footer: footer(op),
  });
}

export function deletionScheduledMail(op: string, name: string, at: string, url: string): RenderedMail {
  return renderMail({
    subject: 'Your account will be deleted',
    heading: `Hello ${name},`,
    paragraphs: [`As you asked, your Kodepos account and its personal data will be deleted on ${fmtDate(at)}.`, 'Changed your mind? Sign in before then, or cancel the deletion in your account settings.'],
    action: { label: 'Keep my account', url },
    footer: footer(op),
  });
}
