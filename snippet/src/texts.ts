/**
 * What the banner says, in English and Bahasa Indonesia. Consent records carry WORDING_VERSION, so
 * a change to any text here must bump it: proof of consent names the words the visitor saw.
 */
export const WORDING_VERSION = 'banner-2026-11-28';

export const PURPOSES = ['analytics', 'marketing', 'personalization', 'ads'] as const;
export type Purpose = (typeof PURPOSES)[number];
export type Category = 'necessary' | Purpose;
export type Lang = 'en' | 'id';

export interface Texts {
  title: string;
  body: string;
  accept: string;
  reject: string;
  settings: string;
  save: string;
  close: string;
  policy: string;
  cookies: string;
  alwaysOn: string;
  gpc: string;
  categories: Record<Category, [name: string, description: string]>;
}

export const TEXTS: Record<Lang, Texts> = {
  en: {
    title: 'Cookies and your privacy',
    body: 'We use necessary cookies to make this site work. With your permission we also use cookies for analytics, marketing, personalization and ads. You can change your choice at any time.',
    accept: 'Accept all',
    reject: 'Reject all',
    settings: 'Settings',
    save: 'Save choices',
    close: 'Close',
    policy: 'Privacy policy',
    cookies: 'Cookie policy',
    alwaysOn: 'Always on',
    gpc: 'Your browser sends a Global Privacy Control signal, so ads stay off even if you accept all.',
    categories: {
      necessary: ['Necessary', 'Needed for the site to work and to remember this choice.'],
      analytics: ['Analytics', 'Counts visits and shows how the site is used.'],
      marketing: ['Marketing', 'Measures campaigns and lets us follow up on your interest.'],
      personalization: ['Personalization', 'Remembers your preferences to tailor content to you.'],
      ads: ['Ads', 'Shows and measures ads, including sharing data with ad partners.'],
    },
  },
  id: {
    title: 'Cookie dan privasi Anda',
    body: 'Kami menggunakan cookie yang diperlukan agar situs ini berfungsi. Dengan izin Anda, kami juga menggunakan cookie untuk analitik, pemasaran, personalisasi, dan iklan. Anda dapat mengubah pilihan kapan saja.',
    accept: 'Terima semua',
    reject: 'Tolak semua',
    settings: 'Pengaturan',
    save: 'Simpan pilihan',
    close: 'Tutup',
    policy: 'Kebijakan privasi',
    cookies: 'Kebijakan cookie',
    alwaysOn: 'Selalu aktif',
    gpc: 'Peramban Anda mengirim sinyal Global Privacy Control, jadi iklan tetap nonaktif meskipun Anda menerima semua.',
    categories: {
      necessary: ['Diperlukan', 'Dibutuhkan agar situs berfungsi dan untuk mengingat pilihan ini.'],
      analytics: ['Analitik', 'Menghitung kunjungan dan menunjukkan cara situs digunakan.'],
      marketing: ['Pemasaran', 'Mengukur kampanye dan memungkinkan kami menindaklanjuti minat Anda.'],
      personalization: ['Personalisasi', 'Mengingat preferensi Anda untuk menyesuaikan konten.'],
      ads: ['Iklan', 'Menampilkan dan mengukur iklan, termasuk berbagi data dengan mitra iklan.'],
    },
  },
};
