import { renderMail, type RenderedMail } from '../../mail/layout.js';

type Locale = 'en' | 'id';
const loc = (l: string): Locale => (l === 'id' ? 'id' : 'en');

const FOOTER = {
  en: (op: string) => `${op} · You receive this because of an action on your Kodepos account.`,
  id: (op: string) => `${op} · Anda menerima email ini karena ada tindakan pada akun Kodepos Anda.`,
};

export function verificationMail(locale: string, operator: string, name: string, url: string): RenderedMail {
  const l = loc(locale);
  return renderMail(
    l === 'id'
      ? {
          subject: 'Konfirmasi alamat email Anda',
          heading: `Halo ${name},`,
          paragraphs: ['Terima kasih telah mendaftar di Kodepos. Konfirmasi alamat email Anda dengan tautan di bawah. Tautan berlaku 48 jam.'],
          action: { label: 'Konfirmasi email', url },
          footer: FOOTER.id(operator),
        }
      : {
          subject: 'Confirm your email address',
          heading: `Hello ${name},`,
          paragraphs: ['Thanks for signing up for Kodepos. Confirm your email address with the link below. It is valid for 48 hours.'],
          action: { label: 'Confirm email', url },
          footer: FOOTER.en(operator),
        },
  );
}

export function passwordResetMail(locale: string, operator: string, name: string, url: string): RenderedMail {
  const l = loc(locale);
  return renderMail(
    l === 'id'
      ? {
          subject: 'Atur ulang kata sandi Anda',
          heading: `Halo ${name},`,
          paragraphs: ['Seseorang meminta pengaturan ulang kata sandi akun Kodepos Anda. Tautan berlaku 1 jam. Abaikan email ini jika bukan Anda.'],
          action: { label: 'Atur ulang kata sandi', url },
          footer: FOOTER.id(operator),
        }
      : {
          subject: 'Reset your password',
          heading: `Hello ${name},`,
          paragraphs: ['Someone asked to reset the password of your Kodepos account. The link is valid for 1 hour. If it was not you, ignore this email.'],
          action: { label: 'Reset password', url },
          footer: FOOTER.en(operator),
        },
  );
}

export function securityNoticeMail(locale: string, operator: string, name: string, what: 'password_changed' | 'two_factor_disabled'): RenderedMail {
  const l = loc(locale);
  const en = { password_changed: 'The password of your Kodepos account was changed and every other session was signed out.', two_factor_disabled: 'Two-factor authentication was turned off on your Kodepos account.' };
  const id = { password_changed: 'Kata sandi akun Kodepos Anda telah diubah dan semua sesi lain telah dikeluarkan.', two_factor_disabled: 'Autentikasi dua faktor pada akun Kodepos Anda telah dinonaktifkan.' };
  return renderMail(
    l === 'id'
      ? { subject: 'Peringatan keamanan akun', heading: `Halo ${name},`, paragraphs: [id[what], 'Jika bukan Anda, segera atur ulang kata sandi dan hubungi kami.'], footer: FOOTER.id(operator) }
      : { subject: 'Security alert for your account', heading: `Hello ${name},`, paragraphs: [en[what], 'If this was not you, reset your password now and contact us.'], footer: FOOTER.en(operator) },
  );
}
