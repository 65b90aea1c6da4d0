import { renderMail, type RenderedMail } from '../../mail/layout.js';

export type SlaClockKind = 'first_response' | 'resolution';

export interface SlaMailFacts {
  number: number;
  subject: string;
  kind: SlaClockKind;
  /** The due time, already formatted in the calendar's time zone. */
  due: string;
  url: string;
  operator: string;
}

const clockName = { en: { first_response: 'first response', resolution: 'resolution' }, id: { first_response: 'respons pertama', resolution: 'penyelesaian' } };

/** Formats an instant for a mail in the calendar's zone: "Mon, 30 Nov 2026, 09:30 (Asia/Jakarta)". */
export function formatDue(at: string, timeZone: string, locale: string): string {
  const s = new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
  return `${s} (${timeZone})`;
}

/** The mail before a due time: the ticket is about to miss its target. */
export function slaWarningMail(locale: string, f: SlaMailFacts): RenderedMail {
  if (locale === 'id') {
    const what = clockName.id[f.kind];
    return renderMail({
      subject: `Tiket #${f.number} hampir melewati target ${what}`,
      heading: `Target ${what} tiket #${f.number} segera berakhir`,
      paragraphs: [`Tiket "${f.subject}" harus mendapat ${what} paling lambat ${f.due}.`, 'Tangani tiket ini sekarang agar target SLA tetap terpenuhi.'],
      action: { label: 'Buka tiket', url: f.url },
      footer: `${f.operator} · Anda menerima email ini karena tiket ini ditugaskan kepada Anda atau tim Anda.`,
    });
  }
  const what = clockName.en[f.kind];
  return renderMail({
    subject: `Ticket #${f.number} is close to missing its ${what} target`,
    heading: `The ${what} target of ticket #${f.number} is close`,
    paragraphs: [`The ticket "${f.subject}" needs its ${what} by ${f.due}.`, 'Handle it now to keep within the SLA.'],
    action: { label: 'Open the ticket', url: f.url },
    footer: `${f.operator} · You receive this because the ticket is assigned to you or your team.`,
  });
}

/** The mail once a due time has passed without the target being met. */
export function slaBreachMail(locale: string, f: SlaMailFacts): RenderedMail {
  if (locale === 'id') {
    const what = clockName.id[f.kind];
    return renderMail({
      subject: `Tiket #${f.number} melewati target ${what}`,
      heading: `Target ${what} tiket #${f.number} terlewati`,
      paragraphs: [`Tiket "${f.subject}" seharusnya mendapat ${what} paling lambat ${f.due}.`, 'Tiket ini tercatat melanggar SLA di laporan SLA.'],
      action: { label: 'Buka tiket', url: f.url },
      footer: `${f.operator} · Anda menerima email ini karena tiket ini ditugaskan kepada Anda atau tim Anda.`,
    });
  }
  const what = clockName.en[f.kind];
  return renderMail({
    subject: `Ticket #${f.number} missed its ${what} target`,
    heading: `The ${what} target of ticket #${f.number} was missed`,
    paragraphs: [`The ticket "${f.subject}" needed its ${what} by ${f.due}.`, 'It counts as breached in the SLA report.'],
    action: { label: 'Open the ticket', url: f.url },
    footer: `${f.operator} · You receive this because the ticket is assigned to you or your team.`,
  });
}
