import type { dataProtection as en } from '../en/dataProtection';

/** Dasbor pelindungan data (petugas privasi). */
export const dataProtection: typeof en = {
  title: 'Pelindungan data',
  subtitle: 'Permintaan terbuka dan tenggatnya, jadwal retensi berikutnya, dan tingkat persetujuan.',
  requests: {
    title: 'Permintaan terbuka, tenggat terdekat lebih dulu',
    open: 'Permintaan terbuka',
    dueSoon: 'Jatuh tempo dalam 7 hari',
    overdue: 'Lewat tenggat',
    overdueBadge: 'Lewat tenggat',
    none: 'Tidak ada permintaan terbuka.',
    type: 'Jenis',
    status: 'Status',
    due: 'Tenggat',
  },
  breaches: { open: 'Kegagalan data dengan pemberitahuan belum terkirim', overdue: 'Pemberitahuan kegagalan data lewat tenggat' },
  retention: {
    title: 'Proses retensi berikutnya',
    nextRun: 'Berjalan {{at}}; inilah yang akan diprosesnya.',
    nothing: 'Tidak ada yang jatuh tempo.',
    table: 'Tabel',
    action: 'Tindakan',
    rows: 'Catatan',
    actions: { warn: 'Peringatan (akun tidak aktif)', anonymise: 'Anonimkan akun', delete: 'Hapus' },
  },
  consent: {
    title: 'Tingkat persetujuan',
    window: 'Pilihan yang tercatat dalam {{days}} hari terakhir.',
    none: 'Belum ada pilihan persetujuan yang tercatat.',
    purpose: 'Tujuan',
    granted: 'Diberikan',
    denied: 'Ditolak',
    rate: 'Tingkat',
  },
};
