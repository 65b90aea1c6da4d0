/**
 * The cookie inventory (ePrivacy Art. 5(3), GDPR Art. 13): every cookie and browser-storage key
 * the server, the web app and the embeddable snippet set. The public cookie policy (`/cookies`,
 * `/public/v1/cookies`) is generated from this list, and cookies.test.ts fails when the server
 * sets a cookie or the web app uses a storage key that is not listed here.
 */

export const COOKIE_CATEGORIES = ['necessary', 'analytics', 'marketing', 'personalization', 'ads'] as const;
export type CookieCategory = (typeof COOKIE_CATEGORIES)[number];

export type Lang = 'en' | 'id';
type Text = Record<Lang, string>;

export interface CookieEntry {
  name: string;
  kind: 'cookie' | 'localStorage' | 'sessionStorage';
  category: CookieCategory;
  purpose: Text;
  lifetime: Text;
  party: 'first' | 'third';
  setBy: 'server' | 'app' | 'snippet';
}

/**
 * `necessary`: the service cannot work as asked without it (sign-in, remembering the consent
 * choice itself, the interface language and workspace the user picked); no consent needed.
 */
export const COOKIES: readonly CookieEntry[] = [
  {
    name: 'kodepos_session',
    kind: 'cookie',
    category: 'necessary',
    purpose: {
      en: 'Keeps you signed in. Holds a random token; the server stores only its hash. HttpOnly, SameSite=Lax.',
      id: 'Menjaga Anda tetap masuk. Berisi token acak; server hanya menyimpan hash-nya. HttpOnly, SameSite=Lax.',
    },
    lifetime: { en: 'Until you sign out, at most the session lifetime (30 days by default)', id: 'Sampai Anda keluar, paling lama masa sesi (bawaan 30 hari)' },
    party: 'first',
    setBy: 'server',
  },
  {
    name: 'kodepos_portal',
    kind: 'cookie',
    category: 'necessary',
    purpose: {
      en: 'Keeps a requester signed in to a workspace\'s customer portal (/support/…) after the emailed sign-in link, to see their own requests. Holds a random token; the server stores only its hash. HttpOnly, SameSite=Lax, limited to that portal\'s path.',
      id: 'Menjaga pemohon tetap masuk ke portal pelanggan sebuah workspace (/support/…) setelah tautan masuk dari email, untuk melihat permintaannya sendiri. Berisi token acak; server hanya menyimpan hash-nya. HttpOnly, SameSite=Lax, terbatas pada path portal itu.',
    },
    lifetime: { en: '7 days, or until you sign out of the portal', id: '7 hari, atau sampai Anda keluar dari portal' },
    party: 'first',
    setBy: 'server',
  },
  {
    name: 'kodepos.workspaceId',
    kind: 'localStorage',
    category: 'necessary',
    purpose: { en: 'Remembers which of your workspaces you last opened.', id: 'Mengingat ruang kerja mana yang terakhir Anda buka.' },
    lifetime: { en: 'Until you clear it or sign out of the browser', id: 'Sampai Anda menghapusnya dari peramban' },
    party: 'first',
    setBy: 'app',
  },
  {
    name: 'kodepos.language',
    kind: 'localStorage',
    category: 'necessary',
    purpose: { en: 'Remembers the interface language you chose.', id: 'Mengingat bahasa antarmuka yang Anda pilih.' },
    lifetime: { en: 'Until you clear it', id: 'Sampai Anda menghapusnya' },
    party: 'first',
    setBy: 'app',
  },
  {
    name: 'mantine-color-scheme-value',
    kind: 'localStorage',
    category: 'necessary',
    purpose: {
      en: 'Read by the interface library to restore a light or dark mode you chose. Kodepos offers no such switch, so it is only read, never written.',
      id: 'Dibaca oleh pustaka antarmuka untuk memulihkan mode terang atau gelap yang Anda pilih. Kodepos tidak menyediakan pilihan itu, jadi entri ini hanya dibaca, tidak pernah ditulis.',
    },
    lifetime: { en: 'Not stored by Kodepos', id: 'Tidak disimpan oleh Kodepos' },
    party: 'first',
    setBy: 'app',
  },
  {
    name: 'kodepos_consent',
    kind: 'cookie',
    category: 'necessary',
    purpose: {
      en: 'Remembers your cookie choice (which categories you allowed) so the banner is not shown on every page.',
      id: 'Mengingat pilihan cookie Anda (kategori mana yang Anda izinkan) agar banner tidak muncul di setiap halaman.',
    },
    lifetime: { en: '12 months', id: '12 bulan' },
    party: 'first',
    setBy: 'snippet',
  },
  {
    name: 'kodepos_vid',
    kind: 'cookie',
    category: 'analytics',
    purpose: {
      en: 'A random visitor id that counts returning visits. Set only after you allow analytics; deleted when you withdraw it.',
      id: 'ID pengunjung acak untuk menghitung kunjungan berulang. Hanya dipasang setelah Anda mengizinkan analitik; dihapus saat Anda menariknya.',
    },
    lifetime: { en: '13 months', id: '13 bulan' },
    party: 'first',
    setBy: 'snippet',
  },
];

export const cookieNames = (filter: (c: CookieEntry) => boolean = () => true): Set<string> => new Set(COOKIES.filter(filter).map((c) => c.name));

export interface PublicCookie {
  name: string;
  kind: CookieEntry['kind'];
  category: CookieCategory;
  purpose: string;
  lifetime: string;
  party: CookieEntry['party'];
  setBy: CookieEntry['setBy'];
}

export function publicInventory(lang: Lang): PublicCookie[] {
  return COOKIES.map((c) => ({ name: c.name, kind: c.kind, category: c.category, purpose: c.purpose[lang], lifetime: c.lifetime[lang], party: c.party, setBy: c.setBy }));
}
