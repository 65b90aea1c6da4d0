import type { integrations as en } from '../en/integrations';

export const integrations: typeof en = {
  title: 'Integrasi',
  subtitle:
    'Alat pemasaran email, analitik, dan iklan. Hanya orang yang persetujuannya mengizinkan yang dikirim; setiap sinkronisasi dicatat sebagai pengungkapan kepada penyedia tersebut.',
  provider: {
    mailchimp: 'Mailchimp',
    brevo: 'Brevo',
    google_analytics: 'Google Analytics 4',
    meta: 'Meta',
    linkedin: 'LinkedIn',
  },
  purpose: {
    mailchimp:
      'Sinkronisasi daftar dua arah: kontak dengan persetujuan pemasaran dikirim; berhenti berlangganan dan pentalan kembali sebagai daftar blokir.',
    brevo:
      'Sinkronisasi daftar dua arah: kontak dengan persetujuan pemasaran dikirim; berhenti berlangganan, pentalan keras, dan laporan spam kembali sebagai daftar blokir.',
    google_analytics:
      'Meneruskan peristiwa situs dari pengunjung dengan persetujuan analitik, beserta sinyal Consent Mode.',
    meta: 'Audiens khusus dan konversi, hanya email ter-hash, untuk kontak dengan persetujuan iklan dan tanpa sinyal GPC.',
    linkedin: 'Audiens dan konversi, hanya email ter-hash, untuk kontak dengan persetujuan iklan dan tanpa sinyal GPC.',
  },
  status: { connected: 'Terhubung', error: 'Galat', disconnected: 'Belum terhubung' },
  field: {
    apiKey: 'Kunci API',
    listId: 'ID daftar (audiens)',
    measurementId: 'ID pengukuran',
    apiSecret: 'Rahasia API Measurement Protocol',
    accessToken: 'Token akses',
    audienceId: 'ID audiens khusus',
    pixelId: 'ID piksel (dataset), untuk konversi',
    segmentId: 'ID segmen DMP',
    conversionId: 'ID aturan konversi, untuk konversi',
    baseUrl: 'URL dasar API (kosongkan untuk milik penyedia)',
  },
  connect: 'Hubungkan',
  reconnect: 'Ganti kredensial',
  connectTitle: 'Hubungkan {{name}}',
  testAndConnect: 'Uji dan hubungkan',
  connected: 'Terhubung: kredensial berhasil dan disimpan terenkripsi.',
  disconnect: 'Putuskan',
  syncNow: 'Sinkronkan sekarang',
  syncStarted: 'Sinkronisasi dimulai.',
  lastSync: 'Sinkronisasi terakhir',
  lastError: 'Galat terakhir',
  webhook: {
    title: 'Webhook',
    registered: 'Terdaftar: berhenti berlangganan, pentalan, dan keluhan tiba seketika',
    notRegistered: 'Tidak terdaftar: penolakan tiba bersama sinkronisasi per jam',
    lastEvent: 'Peristiwa terakhir diterima',
    error: 'Pendaftaran ditolak',
  },
  noRuns: 'Belum ada sinkronisasi.',
  run: {
    startedAt: 'Mulai',
    kind: 'Jenis',
    status: 'Status',
    counts: 'Jumlah',
    countsValue: '{{sent}} dikirim, {{skipped}} ditahan, {{received}} diterima, {{failed}} gagal',
  },
  kind: {
    push: 'Kirim daftar',
    pull: 'Baca penolakan',
    audience: 'Audiens',
    conversions: 'Konversi',
    forward: 'Teruskan peristiwa',
  },
  runStatus: { running: 'Berjalan', completed: 'Selesai', failed: 'Gagal' },
};
