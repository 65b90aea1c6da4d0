import { renderMail, type RenderedMail } from '../../mail/layout.js';

/** The inactivity warning (policy §5), in the account's language (en or id). */
export function inactivityWarningMail(locale: string, operator: string, name: string, eraseOn: string, signInUrl: string): RenderedMail {
  return renderMail(
    locale === 'id'
      ? {
          subject: 'Akun Kodepos Anda akan dianonimkan',
          heading: `Halo ${name},`,
          paragraphs: [
            `Akun Anda tidak aktif selama hampir 24 bulan. Sesuai kebijakan privasi kami, akun dan datanya akan dianonimkan pada ${eraseOn}.`,
            'Masuk sebelum tanggal itu untuk membatalkannya. Catatan yang wajib kami simpan menurut hukum tetap disimpan dalam bentuk pseudonim.',
          ],
          action: { label: 'Masuk', url: signInUrl },
          footer: `${operator} · Anda menerima email ini karena akun Kodepos Anda tidak aktif.`,
        }
      : {
          subject: 'Your Kodepos account will be anonymised',
          heading: `Hello ${name},`,
          paragraphs: [
            `Your account has been inactive for almost 24 months. As our privacy policy says, it and its data will be anonymised on ${eraseOn}.`,
            'Sign in before then to cancel this. Records the law requires us to keep stay, pseudonymised.',
          ],
          action: { label: 'Sign in', url: signInUrl },
          footer: `${operator} · You receive this because your Kodepos account is inactive.`,
        },
  );
}
