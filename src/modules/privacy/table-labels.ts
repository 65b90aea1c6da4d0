/**
 * People's names for the data map's tables, in the languages mails and the officer's screens speak:
 * English is each entry's `label`, Bahasa Indonesia is here. A certificate of erasure or a result
 * card says "Contacts (1)", not "contacts".
 */
import { DATAMAP } from './datamap.js';

export type LabelLocale = 'en' | 'id';

/** Bahasa Indonesia labels, one per table of the data map (a test keeps both lists in step). */
export const ID_LABELS: Record<string, string> = {
  users: 'Akun',
  sessions: 'Sesi masuk',
  email_tokens: 'Tautan email',
  workspaces: 'Ruang kerja',
  workspace_members: 'Keanggotaan ruang kerja',
  invitations: 'Undangan ruang kerja',
  api_keys: 'Kunci API',
  login_throttle: 'Penghitung percobaan masuk',
  policy_versions: 'Versi kebijakan privasi',
  policy_acceptances: 'Persetujuan kebijakan privasi',
  audit_log: 'Log audit',
  platform_settings: 'Pengaturan platform',
  contacts: 'Kontak',
  companies: 'Perusahaan',
  contact_companies: 'Tautan kontak–perusahaan',
  custom_field_defs: 'Definisi kolom khusus',
  saved_views: 'Tampilan tersimpan',
  timeline_events: 'Riwayat catatan',
  activities: 'Aktivitas dan catatan',
  search_fts: 'Indeks pencarian',
  search_documents: 'Indeks pencarian',
  pipelines: 'Pipeline penjualan',
  pipeline_stages: 'Tahap pipeline',
  deals: 'Kesepakatan',
  deal_contacts: 'Kontak kesepakatan',
  deal_stage_history: 'Riwayat tahap kesepakatan',
  forms: 'Formulir',
  form_consent_versions: 'Teks persetujuan formulir',
  form_submissions: 'Kiriman formulir',
  imports: 'Impor',
  import_rows_rejected: 'Baris impor yang ditolak',
  jobs: 'Tugas latar belakang',
  marketing_lists: 'Daftar email',
  marketing_list_members: 'Keanggotaan daftar email',
  marketing_segments: 'Segmen',
  marketing_templates: 'Templat email',
  marketing_campaigns: 'Kampanye email',
  marketing_sends: 'Email kampanye terkirim',
  marketing_suppressions: 'Alamat yang tidak dikirimi',
  marketing_optins: 'Konfirmasi berlangganan',
  marketing_settings: 'Pengaturan pengiriman',
  privacy_requests: 'Permintaan privasi',
  privacy_corrections: 'Koreksi yang diminta',
  privacy_exports: 'Berkas ekspor data',
  processor_deletion_tasks: 'Tugas penghapusan pemroses',
  consent_records: 'Riwayat persetujuan',
  consent_decisions: 'Pemeriksaan persetujuan',
  kysely_migration: 'Migrasi basis data',
  kysely_migration_lock: 'Kunci migrasi',
  webhook_subscriptions: 'Endpoint webhook',
  webhook_deliveries: 'Pengiriman webhook',
  integration_connections: 'Koneksi integrasi',
  integration_sync_runs: 'Riwayat sinkronisasi integrasi',
  integration_remote_ids: 'ID anggota di integrasi',
  analytics_events: 'Peristiwa analitik situs',
  analytics_visitors: 'ID pengunjung analitik',
  analytics_salts: 'Salt harian analitik',
  analytics_daily: 'Total analitik harian',
  breaches: 'Register kegagalan pelindungan data',
  breach_checklist: 'Daftar periksa penanganan kegagalan',
  breach_recipients: 'Pemberitahuan kegagalan pelindungan data',
  minor_reports: 'Laporan data anak',
  retention_notices: 'Peringatan ketidakaktifan akun',
  service_settings: 'Pengaturan layanan pelanggan',
  service_teams: 'Tim dukungan',
  service_team_members: 'Anggota tim dukungan',
  tickets: 'Tiket dukungan',
  ticket_messages: 'Pesan tiket',
  ticket_attachments: 'Lampiran tiket',
  canned_responses: 'Balasan siap pakai',
  service_calendars: 'Kalender jam kerja',
  sla_policies: 'Kebijakan SLA',
  billing_plans: 'Paket berlangganan',
  billing_subscriptions: 'Langganan',
  billing_details: 'Data penagihan',
  billing_number_counters: 'Penghitung nomor faktur',
  billing_invoices: 'Faktur',
  billing_invoice_lines: 'Baris faktur',
  billing_payments: 'Pembayaran',
  billing_webhook_events: 'Peristiwa penyedia pembayaran',
  kb_categories: 'Kategori basis pengetahuan',
  kb_articles: 'Artikel basis pengetahuan',
  portal_tokens: 'Tautan masuk portal pelanggan',
  portal_sessions: 'Sesi portal pelanggan',
  csat_surveys: 'Survei kepuasan',
};

/** A table's words when the map has none: its SQL name, spaced. */
const spaced = (table: string): string => table.replace(/_/g, ' ');

export function tableLabel(table: string, locale: LabelLocale): string {
  const en = DATAMAP[table]?.label;
  if (locale === 'id') return ID_LABELS[table] ?? en ?? spaced(table);
  return en ?? spaced(table);
}

/** Both languages, for results stored once and read by officers in either. */
export function tableLabels(table: string): Record<LabelLocale, string> {
  return { en: tableLabel(table, 'en'), id: tableLabel(table, 'id') };
}
