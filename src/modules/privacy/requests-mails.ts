import { renderMail, type RenderedMail } from '../../mail/layout.js';
import type { ErasureReport, TableLabels } from './engine-types.js';
import type { RequestType } from './tables.js';

/** Mails to data subjects about their requests, in the language they used (English or Bahasa Indonesia). */
export type MailLocale = 'en' | 'id';
export const mailLocale = (l: string | null | undefined): MailLocale => (l === 'id' ? 'id' : 'en');

const TYPE_LABEL: Record<MailLocale, Record<RequestType, string>> = {
  en: {
    access: 'access to your personal data',
    portability: 'a copy of your personal data (portability)',
    correction: 'correction of your personal data',
    deletion: 'deletion of your personal data',
    restriction: 'restriction of processing of your personal data',
    withdraw_consent: 'withdrawal of your consent',
    opt_out_sale: 'opting out of the sale or sharing of your personal data',
  },
  id: {
    access: 'akses ke data pribadi Anda',
    portability: 'salinan data pribadi Anda (portabilitas)',
    correction: 'perbaikan data pribadi Anda',
    deletion: 'penghapusan data pribadi Anda',
    restriction: 'pembatasan pemrosesan data pribadi Anda',
    withdraw_consent: 'penarikan persetujuan Anda',
    opt_out_sale: 'penolakan penjualan atau pembagian data pribadi Anda',
  },
};

const footer = (l: MailLocale, op: string): string =>
  l === 'id' ? `${op} · Anda menerima email ini karena ada permintaan privasi dengan alamat ini.` : `${op} · You receive this because a privacy request was made with this address.`;

/** Dates in UTC, spelled out in the mail's language. */
export function fmtDate(iso: string, l: MailLocale = 'en'): string {
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' };
  return `${new Intl.DateTimeFormat(l === 'id' ? 'id-ID' : 'en-GB', opts).format(new Date(iso))} UTC`;
}

export function verifyMail(l: MailLocale, op: string, type: RequestType, url: string): RenderedMail {
  const what = TYPE_LABEL[l][type];
  return renderMail(
    l === 'id'
      ? {
          subject: 'Konfirmasi permintaan privasi Anda',
          heading: 'Mohon konfirmasi permintaan Anda',
          paragraphs: [`Kami menerima permintaan ${what} yang dibuat dengan alamat email ini.`, 'Untuk melindungi data Anda, kami baru bertindak setelah Anda memastikan permintaan ini milik Anda. Tautan berlaku 24 jam dan hanya sekali pakai. Abaikan email ini jika Anda tidak membuat permintaan tersebut.'],
          action: { label: 'Konfirmasi permintaan saya', url },
          footer: footer(l, op),
        }
      : {
          subject: 'Confirm your privacy request',
          heading: 'Please confirm your request',
          paragraphs: [`We received a request for ${what} made with this email address.`, 'To protect your data we act only once you confirm that the request is yours. The link is valid for 24 hours and works once. If you did not make this request, ignore this email.'],
          action: { label: 'Confirm my request', url },
          footer: footer(l, op),
        },
  );
}

export function ackMail(l: MailLocale, op: string, type: RequestType, id: string, dueAt: string, clock: string): RenderedMail {
  const what = TYPE_LABEL[l][type];
  return renderMail(
    l === 'id'
      ? {
          subject: 'Permintaan privasi Anda telah kami terima',
          heading: 'Permintaan Anda telah dikonfirmasi',
          paragraphs: [`Permintaan ${what} (referensi ${id}) telah dikonfirmasi dan sedang kami proses.`, `Kami akan menjawab paling lambat ${fmtDate(dueAt, l)}. Dasar tenggat: ${clock}.`],
          footer: footer(l, op),
        }
      : {
          subject: 'We received your privacy request',
          heading: 'Your request is confirmed',
          paragraphs: [`Your request for ${what} (reference ${id}) is confirmed and being handled.`, `We will answer by ${fmtDate(dueAt, l)} at the latest. ${clock}.`],
          footer: footer(l, op),
        },
  );
}

export function extendedMail(l: MailLocale, op: string, type: RequestType, id: string, dueAt: string, reason: string): RenderedMail {
  const what = TYPE_LABEL[l][type];
  return renderMail(
    l === 'id'
      ? {
          subject: 'Permintaan privasi Anda memerlukan waktu tambahan',
          heading: 'Kami memerlukan waktu tambahan',
          paragraphs: [`Kami memerlukan waktu tambahan untuk menjawab permintaan ${what} (referensi ${id}). Tenggat baru: ${fmtDate(dueAt, l)}.`, `Alasan: ${reason}`],
          footer: footer(l, op),
        }
      : {
          subject: 'More time is needed for your privacy request',
          heading: 'We need more time',
          paragraphs: [`We need more time to answer your request for ${what} (reference ${id}). The new deadline is ${fmtDate(dueAt, l)}.`, `Reason: ${reason}`],
          footer: footer(l, op),
        },
  );
}

export function rejectedMail(l: MailLocale, op: string, type: RequestType, id: string, reason: string): RenderedMail {
  const what = TYPE_LABEL[l][type];
  return renderMail(
    l === 'id'
      ? {
          subject: 'Permintaan privasi Anda ditolak',
          heading: 'Kami tidak dapat menjalankan permintaan Anda',
          paragraphs: [`Permintaan ${what} (referensi ${id}) ditolak.`, `Alasan: ${reason}`, 'Anda dapat mengajukan pengaduan kepada otoritas pelindungan data pribadi.'],
          footer: footer(l, op),
        }
      : {
          subject: 'Your privacy request was declined',
          heading: 'We could not carry out your request',
          paragraphs: [`Your request for ${what} (reference ${id}) was declined.`, `Reason: ${reason}`, 'You may lodge a complaint with your data protection authority.'],
          footer: footer(l, op),
        },
  );
}

export function downloadMail(l: MailLocale, op: string, id: string, url: string, expiresAt: string): RenderedMail {
  return renderMail(
    l === 'id'
      ? {
          subject: 'Data pribadi Anda siap diunduh',
          heading: 'Data Anda sudah siap',
          paragraphs: [`Salinan data pribadi Anda (referensi ${id}) sudah siap: berkas ZIP berisi satu berkas JSON dan satu CSV per tabel, serta JSON Schema yang menjelaskannya.`, `Tautan hanya sekali pakai dan kedaluwarsa pada ${fmtDate(expiresAt, l)}, saat berkas dihapus.`],
          action: { label: 'Unduh data saya', url },
          footer: footer(l, op),
        }
      : {
          subject: 'Your personal data is ready to download',
          heading: 'Your data is ready',
          paragraphs: [`The copy of your personal data (reference ${id}) is ready: a ZIP file with one JSON and one CSV file per table, and a JSON Schema describing them.`, `The link works once and expires on ${fmtDate(expiresAt, l)}, when the file is deleted.`],
          action: { label: 'Download my data', url },
          footer: footer(l, op),
        },
  );
}

/** A table as the subject reads it (its data-map label), never its SQL name. */
const labelOf = (t: { labels: TableLabels }, l: MailLocale): string => t.labels[l];

export function certificateMail(l: MailLocale, op: string, id: string, report: ErasureReport): RenderedMail {
  const id_ = l === 'id';
  const holds = report.legalHolds.length
    ? report.legalHolds.map((h) =>
        id_
          ? `${labelOf(h, l)}: ${h.rows} catatan disimpan, dipseudonimkan, selama ${h.holdYears} tahun (${h.reason}).`
          : `${labelOf(h, l)}: ${h.rows} record(s) kept, pseudonymised, for ${h.holdYears} years (${h.reason}).`,
      )
    : [id_ ? 'Tidak ada catatan yang wajib disimpan karena kewajiban hukum.' : 'No records had to be kept under a legal hold.'];
  const erased = report.tables.filter((t) => t.rows > 0).map((t) => `${labelOf(t, l)}: ${t.rows}`).join('; ');
  const processors = report.processorTasks.join(', ');
  return renderMail(
    id_
      ? {
          subject: 'Sertifikat penghapusan data',
          heading: 'Data pribadi Anda telah dihapus',
          paragraphs: [
            `Pada ${fmtDate(report.erasedAt, l)} kami menghapus data pribadi Anda (referensi ${id}) dari ${report.tables.length} jenis catatan.`,
            ...(erased ? [`Jumlah catatan per jenis: ${erased}.`] : []),
            'Disimpan karena kewajiban hukum:',
            ...holds,
            report.processorTasks.length ? `Kami telah meminta pemroses berikut untuk menghapusnya juga: ${processors}.` : 'Tidak ada pemroses pihak ketiga yang menyimpan data Anda.',
            'Alamat ini tidak kami simpan: ini email terakhir dari kami.',
          ],
          footer: footer(l, op),
        }
      : {
          subject: 'Certificate of erasure',
          heading: 'Your personal data has been erased',
          paragraphs: [
            `On ${fmtDate(report.erasedAt, l)} we erased your personal data (reference ${id}) from ${report.tables.length} kind(s) of record.`,
            ...(erased ? [`Records per kind: ${erased}.`] : []),
            'Kept under a legal obligation:',
            ...holds,
            report.processorTasks.length ? `We asked these processors to erase it too: ${processors}.` : 'No third-party processor held your data.',
            'This address is not kept: this email is the last we send you.',
          ],
          footer: footer(l, op),
        },
  );
}

export function doneMail(l: MailLocale, op: string, type: RequestType, id: string): RenderedMail {
  const what = TYPE_LABEL[l][type];
  return renderMail(
    l === 'id'
      ? { subject: 'Permintaan privasi Anda telah selesai', heading: 'Permintaan selesai', paragraphs: [`Permintaan ${what} (referensi ${id}) telah kami jalankan.`], footer: footer(l, op) }
      : { subject: 'Your privacy request is complete', heading: 'Request completed', paragraphs: [`Your request for ${what} (reference ${id}) has been carried out.`], footer: footer(l, op) },
  );
}

export function deletionScheduledMail(l: MailLocale, op: string, name: string, at: string, url: string): RenderedMail {
  return renderMail(
    l === 'id'
      ? {
          subject: 'Akun Anda akan dihapus',
          heading: `Halo ${name},`,
          paragraphs: [`Sesuai permintaan Anda, akun Kodepos Anda beserta data pribadinya akan dihapus pada ${fmtDate(at, l)}.`, 'Berubah pikiran? Masuk sebelum tanggal itu, atau batalkan penghapusan di pengaturan akun.'],
          action: { label: 'Pertahankan akun saya', url },
          footer: footer(l, op),
        }
      : {
          subject: 'Your account will be deleted',
          heading: `Hello ${name},`,
          paragraphs: [`As you asked, your Kodepos account and its personal data will be deleted on ${fmtDate(at, l)}.`, 'Changed your mind? Sign in before then, or cancel the deletion in your account settings.'],
          action: { label: 'Keep my account', url },
          footer: footer(l, op),
        },
  );
}
