import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, contactByEmail, countRows, importNow, storedUploads, upload, type Caller, type ImportView } from './imports-test-support.js';

const HUBSPOT = `Record ID,First Name,Last Name,Email,Phone Number,Job Title,Company Name,Company Domain Name,City,Country/Region,Lifecycle Stage,Original Source,Create Date
101,Dewi,Lestari,dewi@majujaya.co.id,+62 812 1111 2222,Head of Sales,PT Maju Jaya,majujaya.co.id,Jakarta,Indonesia,Customer,Organic Search,2024-01-02
102,Budi,Santoso,Budi@MajuJaya.co.id,,Engineer,PT Maju Jaya,majujaya.co.id,Bandung,Indonesia,Marketing Qualified Lead,Referrals,2024-01-03
103,Emily,Carter,emily@detroit.example,+1 (313) 555-0142,CEO,Detroit Partners LLC,,Detroit,United States,Lead,Direct Traffic,2024-01-04
`;

const GOOGLE = `Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Address 1 - City,Address 1 - Country
Siti Rahayu,Siti,Rahayu,* myContacts ::: Clients,* Work,siti@nusantara.example,Home,siti.r@mail.example,Mobile,+62 813 2233 4455,PT Nusantara,Manager,Surabaya,Indonesia
Agus,,,* myContacts,* Home,agus@mail.example,,,,,,,,
`;

describe.each(testDialects)('CSV imports on %s', (dialect) => {
  let ta: TestApp;
  let owner: Caller & { workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const s = await signUp(ta, { email: 'owner@imports.example' });
    owner = { cookie: s.cookie, workspaceId: s.workspaceId };
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('maps a HubSpot export by its headers, links companies by domain and reports progress', async () => {
    const res = await upload(ta, owner, HUBSPOT, {}, 'hubspot-contacts.csv');
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);
    const queued = json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`));
    expect(queued).toMatchObject({ status: 'queued', processed: 0, total: 3, errors: 0, object: 'contact' });
    expect(Object.fromEntries(queued.mapping.map((m) => [m.column, m.field]))).toMatchObject({
      'Record ID': null, 'First Name': 'firstName', Email: 'email', 'Phone Number': 'phone', 'Job Title': 'title', 'Company Name': 'company',
      'Company Domain Name': 'companyDomain', City: 'address.city', 'Country/Region': 'address.country', 'Lifecycle Stage': 'lifecycleStage', 'Original Source': 'source', 'Create Date': null,
    });
    await ta.drain();
    const done = json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`));
    expect(done).toMatchObject({ status: 'completed', processed: 3, total: 3, errors: 0, created: 3, updated: 0, skipped: 0 });
    expect(done.finishedAt).not.toBeNull();
    const job = await ta.ctx.queue.get(done.jobId ?? '');
    expect(job?.progress).toMatchObject({ done: 3, total: 3 });

    const dewi = await contactByEmail(ta, owner, 'dewi@majujaya.co.id');
    const budi = await contactByEmail(ta, owner, 'budi@majujaya.co.id');
    const emily = await contactByEmail(ta, owner, 'emily@detroit.example');
    expect(dewi).toMatchObject({ firstName: 'Dewi', lastName: 'Lestari', title: 'Head of Sales', phone: '+62 812 1111 2222', lifecycleStage: 'customer', source: 'Organic Search', address: { city: 'Jakarta', country: 'ID' } });
    expect(budi?.lifecycleStage).toBe('mql');
    expect(emily?.address.country).toBe('US');
    expect(dewi?.companyId).toBeTruthy();
    expect(budi?.companyId).toBe(dewi?.companyId);
    const company = json<{ name: string; domain: string }>(await call(ta, owner, 'GET', `/api/v1/companies/${dewi?.companyId ?? ''}`));
    expect(company).toMatchObject({ name: 'PT Maju Jaya', domain: 'majujaya.co.id' });
    expect(storedUploads(ta)).toEqual([]);
    const list = json<{ data: ImportView[] }>(await call(ta, owner, 'GET', '/api/v1/imports'));
    expect(list.data.map((i) => i.id)).toContain(id);
  });

  it('maps a Google Contacts export: several emails, labels as tags, a full name split', async () => {
    const done = await importNow(ta, owner, GOOGLE);
    expect(done).toMatchObject({ status: 'completed', created: 2, errors: 0 });
    const siti = await contactByEmail(ta, owner, 'siti@nusantara.example');
    expect(siti).toMatchObject({ firstName: 'Siti', lastName: 'Rahayu', title: 'Manager', phone: '+62 813 2233 4455', tags: ['Clients'], address: { city: 'Surabaya', country: 'ID' } });
    expect(siti?.emails.map((e) => e.email)).toEqual(['siti@nusantara.example', 'siti.r@mail.example']);
    const agus = await contactByEmail(ta, owner, 'agus@mail.example');
    expect(agus).toMatchObject({ firstName: 'Agus', lastName: null, tags: [] });
  });

  it('dedupes by email within the workspace and within the file: skip, update, create', async () => {
    const made = await call(ta, owner, 'POST', '/api/v1/contacts', { firstName: 'Rina', email: 'rina@toko.example', title: 'Staff', tags: ['old'] });
    expect(made.statusCode).toBe(201);
    const csv = 'First Name,Email,Job Title,Tags\nRina,RINA@toko.example,Owner,"new, vip"\nNovi,novi@toko.example,Staff,\n';

    expect(await importNow(ta, owner, csv, { dedupe: 'skip' })).toMatchObject({ created: 1, updated: 0, skipped: 1 });
    expect((await contactByEmail(ta, owner, 'rina@toko.example'))?.title).toBe('Staff');

    expect(await importNow(ta, owner, csv, { dedupe: 'update' })).toMatchObject({ created: 0, updated: 2, skipped: 0 });
    const rina = await contactByEmail(ta, owner, 'rina@toko.example');
    expect(rina).toMatchObject({ title: 'Owner', tags: ['old', 'new', 'vip'] });

    expect(await importNow(ta, owner, csv, { dedupe: 'create' })).toMatchObject({ created: 2, updated: 0 });
    const filter = encodeURIComponent(JSON.stringify([{ field: 'email', op: 'eq', value: 'rina@toko.example' }]));
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', `/api/v1/contacts?filter=${filter}`)).data).toHaveLength(2);

    const twice = 'Email,First Name\nsame@twice.example,First\nsame@twice.example,Second\n';
    expect(await importNow(ta, owner, twice)).toMatchObject({ created: 1, updated: 1 });
    expect((await contactByEmail(ta, owner, 'same@twice.example'))?.firstName).toBe('Second');
    expect(await importNow(ta, owner, twice.replaceAll('same@', 'once@'), { dedupe: 'skip' })).toMatchObject({ created: 1, skipped: 1 });
    expect((await contactByEmail(ta, owner, 'once@twice.example'))?.firstName).toBe('First');
  });

  it('previews a dry run with per-row errors and writes no record', async () => {
    const before = await countRows(ta, 'contacts', owner.workspaceId);
    const csv = 'First Name,Email,Lifecycle Stage\nFresh,fresh@dry.example,lead\nRina,rina@toko.example,customer\nBad,not-an-email,lead\nShort,short@dry.example\nOdd,odd@dry.example,royalty\n';
    const res = await upload(ta, owner, csv, { dryRun: 'true' });
    expect(res.statusCode, res.body).toBe(200);
    const p = json<{ id: string; status: string; total: number; wouldCreate: number; wouldUpdate: number; wouldSkip: number; errorCount: number; errors: { row: number; field: string; column: string | null; message: string }[]; preview: { row: number; action: string; record: { email?: string } }[] }>(res);
    expect(p).toMatchObject({ status: 'previewed', total: 5, wouldCreate: 1, wouldUpdate: 1, wouldSkip: 0, errorCount: 3 });
    expect(p.errors.map((e) => [e.row, e.field])).toEqual([[4, 'email'], [5, 'row'], [6, 'lifecycleStage']]);
    expect(p.errors[0]).toMatchObject({ column: 'Email' });
    expect(JSON.stringify(p.errors)).not.toContain('not-an-email');
    expect(p.preview.map((r) => [r.row, r.action, r.record.email])).toEqual([[2, 'create', 'fresh@dry.example'], [3, 'update', 'rina@toko.example']]);
    expect(await countRows(ta, 'contacts', owner.workspaceId)).toBe(before);
    expect(await contactByEmail(ta, owner, 'fresh@dry.example')).toBeUndefined();
    expect(await countRows(ta, 'import_rows_rejected', owner.workspaceId)).toBe(0);
    expect(json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${p.id}`)).status).toBe('previewed');
    expect(storedUploads(ta)).toEqual([]);
  });

  it('lets the member override the mapping, and refuses a file nothing maps from', async () => {
    const csv = 'Surel,Nama Depan,Catatan\nlina@map.example,Lina,private note\n';
    const unmapped = await upload(ta, owner, csv);
    expect(unmapped.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(unmapped).error.code).toBe('unmapped_file');
    const bad = await upload(ta, owner, csv, { mapping: JSON.stringify({ Surel: 'emailAddress', Missing: 'email' }) });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string; details: { field: string }[] } }>(bad).error.details.map((d) => d.field).sort()).toEqual(['body.mapping.Missing', 'body.mapping.Surel']);
    const done = await importNow(ta, owner, csv, { mapping: JSON.stringify({ Surel: 'email', 'Nama Depan': 'firstName', Catatan: null }) });
    expect(done).toMatchObject({ status: 'completed', created: 1 });
    expect(await contactByEmail(ta, owner, 'lina@map.example')).toMatchObject({ firstName: 'Lina' });
    const empty = await upload(ta, owner, '');
    expect({ status: empty.statusCode, code: json<{ error: { code: string } }>(empty).error.code }).toEqual({ status: 400, code: 'missing_header' });
    const notMultipart = await call(ta, owner, 'POST', '/api/v1/imports', { object: 'contact' });
    expect(notMultipart.statusCode).toBe(415);
    const noObject = await upload(ta, owner, csv, { object: 'deal' });
    expect(json<{ error: { code: string; details: { field: string }[] } }>(noObject).error.details[0]?.field).toBe('body.object');
    expect(storedUploads(ta)).toEqual([]);
  });

  it('undoes an import: created contacts and companies go (with their search entries), updates stay', async () => {
    await call(ta, owner, 'POST', '/api/v1/contacts', { firstName: 'Keep', email: 'keep@undo.example', title: 'Old' });
    const csv = 'First Name,Last Name,Email,Job Title,Company\nKeep,,keep@undo.example,New,\nUrsula,Zwanenburg,u1@undo.example,,Undoable Corp\nUdin,Quettaflop,u2@undo.example,,\n';
    const done = await importNow(ta, owner, csv);
    expect(done).toMatchObject({ created: 2, updated: 1 });
    const u1 = await contactByEmail(ta, owner, 'u1@undo.example');
    const companyId = u1?.companyId ?? '';
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=quettaflop')).data).toHaveLength(1);

    const res = await call(ta, owner, 'POST', `/api/v1/imports/${done.id}/undo`);
    expect(res.statusCode, res.body).toBe(202);
    expect(json<{ message: string }>(res).message).toContain('not reverted');
    const busy = await call(ta, owner, 'DELETE', `/api/v1/imports/${done.id}`);
    expect({ status: busy.statusCode, code: json<{ error: { code: string } }>(busy).error.code }).toEqual({ status: 409, code: 'undo_in_progress' });
    await ta.drain();
    const after = json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${done.id}`));
    expect(after.status).toBe('undone');
    expect(await contactByEmail(ta, owner, 'u1@undo.example')).toBeUndefined();
    expect(await contactByEmail(ta, owner, 'u2@undo.example')).toBeUndefined();
    expect((await call(ta, owner, 'GET', `/api/v1/companies/${companyId}`)).statusCode).toBe(404);
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=quettaflop')).data).toEqual([]);
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=zwanenburg')).data).toEqual([]);
    expect((await contactByEmail(ta, owner, 'keep@undo.example'))?.title).toBe('New');
    const again = await call(ta, owner, 'POST', `/api/v1/imports/${done.id}/undo`);
    expect({ status: again.statusCode, code: json<{ error: { code: string } }>(again).error.code }).toEqual({ status: 409, code: 'already_undone' });
  });

  it('keeps imports to their workspace: another workspace gets 404 on every import route', async () => {
    const done = await importNow(ta, owner, 'Email\nlocal@tenancy.example\nnot-an-email\n');
    const other = await signUp(ta, { email: 'other@imports.example' });
    const them: Caller = { cookie: other.cookie };
    for (const [method, url] of [
      ['GET', `/api/v1/imports/${done.id}`],
      ['GET', `/api/v1/imports/${done.id}/rejected.csv`],
      ['POST', `/api/v1/imports/${done.id}/undo`],
      ['DELETE', `/api/v1/imports/${done.id}`],
    ] as const) {
      const res = await call(ta, them, method, url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
    expect(json<{ data: unknown[] }>(await call(ta, them, 'GET', '/api/v1/imports')).data).toEqual([]);
    const viaHeader = await ta.app.inject({ method: 'GET', url: `/api/v1/imports/${done.id}`, headers: { cookie: other.cookie, 'x-workspace-id': owner.workspaceId } });
    expect(viaHeader.statusCode).toBe(404);
    expect((await call(ta, owner, 'DELETE', `/api/v1/imports/${done.id}`)).statusCode).toBe(204);
    expect((await call(ta, owner, 'GET', `/api/v1/imports/${done.id}`)).statusCode).toBe(404);
    expect(await contactByEmail(ta, owner, 'local@tenancy.example')).toBeDefined();
  });
});
