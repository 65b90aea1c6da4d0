import { renderMail, type RenderedMail } from '../../mail/layout.js';

const FOOTER = {
  en: (op: string) => `${op} · You receive this service notice because you have a Kodepos account.`,
  id: (op: string) => `${op} · Anda menerima pemberitahuan layanan ini karena memiliki akun Kodepos.`,
};

/** The notice of a new privacy policy version (policy §13): what changed, when, and where to read it. */
export function policyNoticeMail(locale: string, operator: string, name: string, p: { version: string; effectiveAt: string; material: boolean }, url: string): RenderedMail {
  const day = p.effectiveAt.slice(0, 10);
  if (locale === 'id') {
    return renderMail({
      subject: `Kebijakan privasi kami diperbarui (versi ${p.version})`,
      heading: `Halo ${name},`,
      paragraphs: [
        `Kami menerbitkan versi ${p.version} kebijakan privasi ${operator}. Versi ini berlaku mulai ${day}.`,
        p.material
          ? 'Perubahan ini penting: saat Anda masuk berikutnya, kami akan meminta Anda membaca dan menyetujui kebijakan yang baru sebelum melanjutkan.'
          : 'Perubahan ini tidak mengubah cara kami memproses data Anda secara berarti; Anda tidak perlu melakukan apa pun.',
        'Riwayat versi dan perbedaannya dapat dilihat di halaman kebijakan privasi.',
      ],
      action: { label: 'Baca kebijakan privasi', url },
      footer: FOOTER.id(operator),
    });
  }
  return renderMail({
    subject: `Our privacy policy has been updated (version ${p.version})`,
    heading: `Hello ${name},`,
    paragraphs: [
      `We have published version ${p.version} of the ${operator} privacy policy. It takes effect on ${day}.`,
      p.material
        ? 'This is a material change: the next time you sign in, we will ask you to read and accept the new policy before you continue.'
        : 'This change does not meaningfully change how we process your data; you do not need to do anything.',
      'The history of versions and what changed between them is on the privacy policy page.',
    ],
    action: { label: 'Read the privacy policy', url },
    footer: FOOTER.en(operator),
  });
}

/** The notice that the sub-processor register changed (policy §4, §9). */
export function subprocessorNoticeMail(locale: string, operator: string, name: string, url: string): RenderedMail {
  if (locale === 'id') {
    return renderMail({
      subject: 'Daftar sub-pemroses kami berubah',
      heading: `Halo ${name},`,
      paragraphs: [`${operator} memperbarui daftar pihak yang memproses data pribadi atas nama kami, termasuk negara tempat data diproses dan dasar transfernya.`],
      action: { label: 'Lihat daftar sub-pemroses', url },
      footer: FOOTER.id(operator),
    });
  }
  return renderMail({
    subject: 'Our list of sub-processors has changed',
    heading: `Hello ${name},`,
    paragraphs: [`${operator} has updated the list of companies that process personal data on our behalf, including where they process it and the basis of each transfer.`],
    action: { label: 'See the sub-processors', url },
    footer: FOOTER.en(operator),
  });
}
