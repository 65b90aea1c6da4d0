import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.js';
import type { CustomFieldDef } from './custom-fields.js';
import { csvText, safeCell } from './csv-safe.js';
import { MAX_CELL_CHARS, readRecords, sniffDelimiter, type FileRecord } from './import-file.js';
import { applyOverrides, assertMappable, autoMap } from './import-mapping.js';
import { countryCode, domainOf, rowConverter } from './import-rows.js';

const fields = (object: 'contact' | 'company', headers: string, defs: CustomFieldDef[] = []) =>
  Object.fromEntries(autoMap(object, headers.split(','), defs).map((m) => [m.column, m.field]));

const def = (key: string, label: string, type: CustomFieldDef['type'], options: string[] = []): CustomFieldDef => ({ id: key, object: 'contact', key, label, type, options, required: false, position: 0, createdAt: '', updatedAt: '' });

describe('header auto-mapping', () => {
  it('reads Salesforce contact and account exports', () => {
    expect(fields('contact', 'Contact ID,First Name,Last Name,Title,Account Name,Email,Phone,Mobile,Mailing Street,Mailing City,Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Lead Source')).toEqual({
      'Contact ID': null, 'First Name': 'firstName', 'Last Name': 'lastName', Title: 'title', 'Account Name': 'company', Email: 'email', Phone: 'phone', Mobile: 'phone',
      'Mailing Street': 'address.line1', 'Mailing City': 'address.city', 'Mailing State/Province': 'address.region', 'Mailing Zip/Postal Code': 'address.postalCode', 'Mailing Country': 'address.country', 'Lead Source': 'source',
    });
    expect(fields('company', 'Account Name,Website,Industry,Employees,Phone,Billing City,Billing Country')).toEqual({
      'Account Name': 'name', Website: 'domain', Industry: 'industry', Employees: 'size', Phone: 'phone', 'Billing City': 'address.city', 'Billing Country': 'address.country',
    });
  });

  it('reads Outlook: "Job Title" wins over the honorific "Title", every phone and email column counts', () => {
    expect(fields('contact', 'Title,First Name,Middle Name,Last Name,Company,Job Title,Business Street,Business City,Business Country/Region,Business Phone,Mobile Phone,E-mail Address,E-mail 2 Address,Categories')).toEqual({
      Title: null, 'First Name': 'firstName', 'Middle Name': null, 'Last Name': 'lastName', Company: 'company', 'Job Title': 'title', 'Business Street': 'address.line1', 'Business City': 'address.city',
      'Business Country/Region': 'address.country', 'Business Phone': 'phone', 'Mobile Phone': 'phone', 'E-mail Address': 'email', 'E-mail 2 Address': 'email', Categories: 'tags',
    });
  });

  it('reads the current Google Contacts format and HubSpot companies', () => {
    expect(fields('contact', 'First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title,Address 1 - City,Address 1 - Region,Address 1 - Postal Code')).toMatchObject({
      'E-mail 1 - Label': null, 'E-mail 1 - Value': 'email', 'Phone 1 - Value': 'phone', 'Organization Name': 'company', 'Organization Title': 'title', Labels: 'tags', 'Address 1 - Region': 'address.region', 'Address 1 - Postal Code': 'address.postalCode',
    });
    expect(fields('company', 'Record ID,Company name,Company Domain Name,Number of Employees,State/Region,Lifecycle Stage')).toEqual({
      'Record ID': null, 'Company name': 'name', 'Company Domain Name': 'domain', 'Number of Employees': 'size', 'State/Region': 'address.region', 'Lifecycle Stage': null,
    });
  });

  it('finds custom fields by key, label or custom.<key>, and lets the member override', () => {
    const defs = [def('budget', 'Budget (IDR)', 'number'), def('segment', 'Segment', 'select', ['retail'])];
    expect(fields('contact', 'Email,Budget (IDR),custom.segment,Notes', defs)).toEqual({ Email: 'email', 'Budget (IDR)': 'custom.budget', 'custom.segment': 'custom.segment', Notes: null });
    const auto = autoMap('contact', ['E-mail', 'Email', 'Kota'], defs);
    const m = applyOverrides('contact', auto, { Kota: 'address.city', 'E-mail': null }, defs);
    expect(m.map((x) => x.field)).toEqual([null, 'email', 'address.city']);
    const conflict = () => applyOverrides('contact', autoMap('contact', ['First Name', 'Given'], []), { Given: 'firstName', 'First Name': 'firstName' }, []);
    expect(conflict).toThrow(HttpError);
    expect(() => assertMappable('contact', autoMap('contact', ['City', 'Notes'], []))).toThrow(expect.objectContaining({ code: 'unmapped_file' }));
  });
});

describe('row conversion', () => {
  const rec = (cells: string[] | null, index = 1): FileRecord => ({ index, cells });
  const mapping = (pairs: [string, string | null][]) => pairs.map(([column, field]) => ({ column, field }));

  it('types custom values, names countries, strips our own formula quote, and never echoes values in errors', () => {
    const defs = [def('budget', 'Budget', 'number'), def('vip', 'VIP', 'boolean'), def('since', 'Since', 'date')];
    const conv = rowConverter('contact', mapping([['Email', 'email'], ['Phone', 'phone'], ['Country', 'address.country'], ['Budget', 'custom.budget'], ['VIP', 'custom.vip'], ['Since', 'custom.since']]), defs);
    const ok = conv(rec(['a@x.example', "'+62 811 000 111", 'Amerika Serikat', '1,250,000', 'ya', '2024-03-01T10:00:00Z']));
    expect(ok.errors).toEqual([]);
    expect(ok.contact).toMatchObject({ email: 'a@x.example', phone: '+62 811 000 111', address: { country: 'US' }, customFields: { budget: 1250000, vip: true, since: '2024-03-01' } });
    const bad = conv(rec(['secret-value', 'call me maybe', 'Atlantis', 'lots', 'perhaps', 'yesterday'], 7));
    expect(bad.row).toBe(8);
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['address.country', 'custom.budget', 'custom.since', 'custom.vip', 'email', 'phone']);
    expect(JSON.stringify(bad.errors)).not.toMatch(/secret-value|Atlantis|perhaps|yesterday/);
  });

  it('turns websites into domains and employee counts into size bands for companies', () => {
    const conv = rowConverter('company', mapping([['Name', 'name'], ['Website', 'domain'], ['Employees', 'size']]), []);
    expect(conv(rec(['Maju', 'https://www.MajuJaya.co.id/about', '120'])).company).toMatchObject({ name: 'Maju', domain: 'majujaya.co.id', size: '51-200' });
    expect(conv(rec(['', 'not a domain', 'many'])).errors.map((e) => e.field)).toEqual(['domain', 'size', 'name']);
    expect(domainOf('example')).toBeNull();
    expect(countryCode('id')).toBe('ID');
    expect(countryCode('United Kingdom')).toBe('GB');
  });
});

describe('the stored file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kodepos-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const records = async (text: string): Promise<FileRecord[]> => {
    const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, text);
    const out: FileRecord[] = [];
    for await (const r of readRecords(path, await sniffDelimiter(path))) out.push(r);
    return out;
  };

  it('cuts an oversized cell to a marker the row converter refuses, and reads on', async () => {
    const recs = await records(`a;b\n1;"${'x'.repeat(MAX_CELL_CHARS * 3)}"\n2;"quoted ""inner"" ; still one"\n`);
    expect(recs).toHaveLength(3);
    expect(recs[1]?.cells?.[1]?.length).toBe(MAX_CELL_CHARS + 2);
    expect(recs[2]?.cells).toEqual(['2', 'quoted "inner" ; still one']);
    const conv = rowConverter('contact', [{ column: 'a', field: 'firstName' }, { column: 'b', field: 'title' }], []);
    expect(conv(recs[1] as FileRecord).errors).toEqual([{ field: 'title', column: 'b', message: 'the cell is longer than 65,536 characters' }]);
  });

  it('stops a row at 1,000 cells', async () => {
    const recs = await records(`a,b\n${Array.from({ length: 1500 }, (_, i) => i).join(',')}\nx,y\n`);
    expect(recs[1]?.cells).toHaveLength(1000);
    expect(recs[2]?.cells).toEqual(['x', 'y']);
  });

  it('writes formula-safe CSV', () => {
    expect(['=1+1', '+62', '-5', '@sum', '\tx', '\rx', 'plain', 3].map(safeCell)).toEqual(["'=1+1", "'+62", "'-5", "'@sum", "'\tx", "'\rx", 'plain', 3]);
    expect(csvText([['a,b', '"q"']])).toBe('"a,b","""q"""\r\n');
  });
});
