/**
 * The notice to subjects of a breach (GDPR Art. 34(2), UU PDP Pasal 46(2)): what data, when and
 * how, the likely consequences, what was done and what they can do, and whom to contact. In the
 * subject's language (English or Bahasa Indonesia).
 */
import { renderMail, type RenderedMail } from '../../mail/layout.js';
import { fmtDate, type MailLocale } from '../privacy/requests-mails.js';
import type { BreachRow } from './breaches-repo.js';

export interface NoticeFacts {
  controller: string;
  contactEmail: string;
}

export function breachNoticeMail(l: MailLocale, b: BreachRow, f: NoticeFacts): RenderedMail {
  const categories = (JSON.parse(b.data_categories) as string[]).join(', ');
  const when = fmtDate(b.detected_at ?? b.aware_at, l);
  if (l === 'id') {
    return renderMail({
      subject: `Pemberitahuan kegagalan pelindungan data pribadi dari ${f.controller}`,
      heading: 'Pemberitahuan kegagalan pelindungan data pribadi',
      paragraphs: [
        `Kami memberi tahu Anda bahwa data pribadi Anda terdampak oleh insiden keamanan: ${b.title}.`,
        `Data yang terdampak: ${categories}.`,
        `Kapan dan bagaimana: ${when}. ${b.nature}`,
        ...(b.consequences ? [`Kemungkinan akibatnya: ${b.consequences}`] : []),
        ...(b.measures ? [`Upaya penanganan dan pemulihan: ${b.measures}`] : []),
        `Pertanyaan dapat dikirim ke ${f.contactEmail}.`,
      ],
      footer: `${f.controller} · Pemberitahuan ini wajib menurut UU PDP Pasal 46.`,
    });
  }
  return renderMail({
    subject: `Notice of a personal data breach from ${f.controller}`,
    heading: 'Notice of a personal data breach',
    paragraphs: [
      `We are telling you that your personal data was affected by a security incident: ${b.title}.`,
      `Data concerned: ${categories}.`,
      `When and how: ${when}. ${b.nature}`,
      ...(b.consequences ? [`Likely consequences: ${b.consequences}`] : []),
      ...(b.measures ? [`What we have done and will do: ${b.measures}`] : []),
      `Questions can be sent to ${f.contactEmail}.`,
    ],
    footer: `${f.controller} · This notice is required by GDPR Art. 34 and UU PDP Pasal 46.`,
  });
}
