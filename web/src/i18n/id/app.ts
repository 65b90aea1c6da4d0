import type { app as en } from '../en/app';

export const app: typeof en = {
  nav: {
    label: 'Navigasi utama',
    dashboard: 'Dasbor',
    settings: 'Pengaturan',
    profile: 'Profil',
    workspace: 'Workspace',
    members: 'Anggota',
    apiKeys: 'Kunci API',
  },
  header: {
    workspace: 'Workspace',
    toggleNav: 'Buka atau tutup navigasi',
    userMenu: 'Menu akun untuk {{name}}',
    profile: 'Profil Anda',
    logout: 'Keluar',
    loggedOut: 'Anda telah keluar.',
  },
  noWorkspace: {
    title: 'Belum ada workspace',
    body: 'Anda belum menjadi anggota workspace mana pun. Minta tautan undangan dari rekan Anda.',
  },
  dashboard: {
    title: 'Dasbor',
    welcome: 'Selamat datang, {{name}}',
    welcomeBody: 'Ini adalah {{workspace}}. Kontak, kesepakatan, kampanye, dan tiket akan ada di sini.',
    checklistTitle: 'Langkah awal',
    checklistProgress: '{{done}} dari {{total}} selesai',
    verifyEmail: 'Verifikasi alamat email Anda',
    verifyEmailHint: 'Buka tautan yang kami kirim ke {{email}}.',
    inviteTeammate: 'Undang rekan kerja',
    inviteTeammateHint: 'Bekerja sama di workspace ini.',
    createApiKey: 'Buat kunci API',
    createApiKeyHint: 'Hubungkan situs web dan alat Anda.',
    enable2fa: 'Aktifkan autentikasi dua faktor',
    enable2faHint: 'Lindungi akun Anda dengan aplikasi autentikator.',
    done: 'Selesai',
    start: 'Mulai',
    privacyTitle: 'Privasi sejak awal',
    privacyBody: 'Persetujuan, permintaan data, dan retensi ditangani oleh platform, sehingga setiap janji dalam kebijakan privasi Anda ditepati.',
  },
};
