/**
 * Indonesian national public holidays (hari libur nasional) and collective leave days (cuti
 * bersama) as the government published them, per year. Islamic, Chinese, Hindu and Buddhist
 * holidays move every year and are set by decree, so they cannot be computed: each year is the
 * published list, copied date by date.
 *
 * Sources (Surat Keputusan Bersama of the Minister of Religious Affairs, the Minister of Manpower
 * and the Minister for Administrative and Bureaucratic Reform):
 * - 2025: SKB No. 1017/2024, No. 2/2024, No. 2/2024 (signed 14 October 2024), amended by
 *   SKB No. 933/2025, No. 1/2025, No. 3/2025 (signed 7 August 2025), which added cuti bersama on
 *   18 August 2025.
 * - 2026: SKB No. 1497/2025, No. 2/2025, No. 5/2025.
 *
 * A year that is not listed here is unknown: `indonesianHolidays` returns null for it (see
 * holidays.ts for what the SLA clock does then). A new year is one more entry below, once its SKB
 * is published; until then a workspace adds the dates as its calendar's extra holidays.
 */
export interface Holiday {
  date: string;
  name: string;
}

type Entry = [date: string, name: string];

const LIBUR = 'Libur nasional';
const CUTI = 'Cuti bersama';

const BY_YEAR: Record<number, { libur: Entry[]; cuti: Entry[] }> = {
  2025: {
    libur: [
      ['2025-01-01', 'Tahun Baru 2025 Masehi'],
      ['2025-01-27', 'Isra Mikraj Nabi Muhammad SAW'],
      ['2025-01-29', 'Tahun Baru Imlek 2576 Kongzili'],
      ['2025-03-29', 'Hari Suci Nyepi (Tahun Baru Saka 1947)'],
      ['2025-03-31', 'Idul Fitri 1446 Hijriah'],
      ['2025-04-01', 'Idul Fitri 1446 Hijriah'],
      ['2025-04-18', 'Wafat Yesus Kristus'],
      ['2025-04-20', 'Kebangkitan Yesus Kristus (Paskah)'],
      ['2025-05-01', 'Hari Buruh Internasional'],
      ['2025-05-12', 'Hari Raya Waisak 2569 BE'],
      ['2025-05-29', 'Kenaikan Yesus Kristus'],
      ['2025-06-01', 'Hari Lahir Pancasila'],
      ['2025-06-06', 'Idul Adha 1446 Hijriah'],
      ['2025-06-27', '1 Muharam Tahun Baru Islam 1447 Hijriah'],
      ['2025-08-17', 'Proklamasi Kemerdekaan'],
      ['2025-09-05', 'Maulid Nabi Muhammad SAW'],
      ['2025-12-25', 'Kelahiran Yesus Kristus'],
    ],
    cuti: [
      ['2025-01-28', 'Tahun Baru Imlek 2576 Kongzili'],
      ['2025-03-28', 'Hari Suci Nyepi (Tahun Baru Saka 1947)'],
      ['2025-04-02', 'Idul Fitri 1446 Hijriah'],
      ['2025-04-03', 'Idul Fitri 1446 Hijriah'],
      ['2025-04-04', 'Idul Fitri 1446 Hijriah'],
      ['2025-04-07', 'Idul Fitri 1446 Hijriah'],
      ['2025-05-13', 'Hari Raya Waisak 2569 BE'],
      ['2025-05-30', 'Kenaikan Yesus Kristus'],
      ['2025-06-09', 'Idul Adha 1446 Hijriah'],
      ['2025-08-18', 'Proklamasi Kemerdekaan'],
      ['2025-12-26', 'Kelahiran Yesus Kristus'],
    ],
  },
  2026: {
    libur: [
      ['2026-01-01', 'Tahun Baru 2026 Masehi'],
      ['2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'],
      ['2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'],
      ['2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)'],
      ['2026-03-21', 'Idul Fitri 1447 Hijriah'],
      ['2026-03-22', 'Idul Fitri 1447 Hijriah'],
      ['2026-04-03', 'Wafat Yesus Kristus'],
      ['2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'],
      ['2026-05-01', 'Hari Buruh Internasional'],
      ['2026-05-14', 'Kenaikan Yesus Kristus'],
      ['2026-05-27', 'Idul Adha 1447 Hijriah'],
      ['2026-05-31', 'Hari Raya Waisak 2570 BE'],
      ['2026-06-01', 'Hari Lahir Pancasila'],
      ['2026-06-16', '1 Muharam Tahun Baru Islam 1448 Hijriah'],
      ['2026-08-17', 'Proklamasi Kemerdekaan'],
      ['2026-08-25', 'Maulid Nabi Muhammad SAW'],
      ['2026-12-25', 'Kelahiran Yesus Kristus'],
    ],
    cuti: [
      ['2026-02-16', 'Tahun Baru Imlek 2577 Kongzili'],
      ['2026-03-18', 'Hari Suci Nyepi (Tahun Baru Saka 1948)'],
      ['2026-03-20', 'Idul Fitri 1447 Hijriah'],
      ['2026-03-23', 'Idul Fitri 1447 Hijriah'],
      ['2026-03-24', 'Idul Fitri 1447 Hijriah'],
      ['2026-05-15', 'Kenaikan Yesus Kristus'],
      ['2026-05-28', 'Idul Adha 1447 Hijriah'],
      ['2026-12-24', 'Kelahiran Yesus Kristus'],
    ],
  },
};

/** The years whose published list is encoded. */
export const INDONESIAN_HOLIDAY_YEARS: readonly number[] = Object.keys(BY_YEAR).map(Number);

/** National holidays and cuti bersama of `year` in date order, or null when that year's list is not encoded. */
export function indonesianHolidays(year: number): Holiday[] | null {
  const y = BY_YEAR[year];
  if (!y) return null;
  return [...y.libur.map(([date, name]) => ({ date, name: `${LIBUR}: ${name}` })), ...y.cuti.map(([date, name]) => ({ date, name: `${CUTI}: ${name}` }))].sort((a, b) => a.date.localeCompare(b.date));
}
