import { describe, expect, it } from 'vitest';
import { DATAMAP } from './datamap.js';
import type { ErasureReport } from './engine-types.js';
import { certificateMail } from './requests-mails.js';
import { ID_LABELS, tableLabel, tableLabels } from './table-labels.js';

const linked = Object.entries(DATAMAP).filter(([, e]) => e.subject.via !== 'none' || e.scopeLinks);

describe('table labels', () => {
  it('names every table that can hold a subject’s rows in English and Bahasa Indonesia, and nothing else', () => {
    expect(linked.filter(([, e]) => !e.label?.trim()).map(([t]) => t)).toEqual([]);
    expect(linked.filter(([t]) => !ID_LABELS[t]?.trim()).map(([t]) => t)).toEqual([]);
    // Every Indonesian label belongs to a table of the map that has an English one.
    expect(Object.keys(ID_LABELS).filter((t) => !DATAMAP[t]?.label)).toEqual([]);
    // A label is words, not the SQL name again.
    expect(linked.filter(([t, e]) => e.label === t || ID_LABELS[t] === t).map(([t]) => t)).toEqual([]);
  });

  it('falls back to the spaced SQL name for a table without a label', () => {
    expect(tableLabels('analytics_events')).toEqual({ en: 'Website analytics events', id: 'Peristiwa analitik situs' });
    expect(tableLabel('zz_new_table', 'id')).toBe('zz new table');
  });

  it('writes the certificate of erasure with the tables’ labels in the mail’s language', () => {
    const report: ErasureReport = {
      erasedAt: '2026-03-01T10:00:00.000Z',
      tables: [
        { table: 'contacts', labels: tableLabels('contacts'), rows: 1, action: 'anonymise' },
        { table: 'analytics_events', labels: tableLabels('analytics_events'), rows: 12, action: 'delete_row' },
        { table: 'consent_records', labels: tableLabels('consent_records'), rows: 2, action: 'anonymise' },
      ],
      legalHolds: [{ table: 'consent_records', labels: tableLabels('consent_records'), rows: 2, holdYears: 5, reason: 'Proof of consent' }],
      processorTasks: [],
      filesRemoved: 0,
    };
    const en = certificateMail('en', 'Kodepos', 'prq_1', report).text;
    expect(en).toContain('Records per kind: Contacts: 1; Website analytics events: 12; Consent history: 2.');
    expect(en).toContain('Consent history: 2 record(s) kept, pseudonymised, for 5 years');
    const id = certificateMail('id', 'Kodepos', 'prq_1', report).text;
    expect(id).toContain('Jumlah catatan per jenis: Kontak: 1; Peristiwa analitik situs: 12; Riwayat persetujuan: 2.');
    expect(id).toContain('Riwayat persetujuan: 2 catatan disimpan');
    for (const text of [en, id]) for (const sqlName of ['analytics_events', 'consent_records', 'contacts']) expect(text).not.toContain(sqlName);
  });
});
