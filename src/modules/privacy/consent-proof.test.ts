import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError } from '../workspaces/test-support.js';
import type { ProofAnswer } from './consent-proof.js';
import { createContact, freshIp, type Officer } from './requests-test-support.js';

describe.each(testDialects)('proof-of-consent export on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  let other: Officer;
  let member: { cookie: string; userId: string; workspaceId: string };
  let contactId: string;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@consent-proof.example', name: 'Putri Owner', company: 'Toko Bukti' });
    other = await signUp(ta, { email: 'other@consent-proof.example', name: 'Lain Other', company: 'Toko Lain' });
    member = { ...(await addMember(ta, owner, { email: 'member@consent-proof.example', name: 'Mira Member' }, 'member')), workspaceId: owner.workspaceId };
    contactId = await createContact(ta, owner, { firstName: 'Bukti', email: 'bukti@consent-proof.example' });
    // Entered by a member (a paper form), then withdrawn by the subject on a public page with a hostile wording label.
    ta.clock.advance(1000);
    expect((await call(ta, 'POST', `/api/v1/contacts/${contactId}/consents`, member, { purpose: 'marketing', granted: true, source: 'form', policyVersion: '1.0' })).statusCode).toBe(201);
    ta.clock.advance(1000);
    const res = await ta.app.inject({
      method: 'POST',
      url: '/public/v1/consent',
      headers: { 'user-agent': 'ProofBrowser/2.0' },
      remoteAddress: '198.51.100.23',
      payload: { email: 'bukti@consent-proof.example', workspaceId: owner.workspaceId, purposes: { analytics: true, marketing: false, personalization: true, ads: true }, source: 'preference_centre', wordingVersion: '=HYPERLINK("http://evil.example")' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('lists every record oldest first, with who recorded it and a hash of the list', async () => {
    const res = await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof`, owner);
    expect(res.statusCode, res.body).toBe(200);
    const proof = json<ProofAnswer>(res);
    expect(proof.count).toBe(2);
    expect(proof.records.map((r) => [r.purpose, r.granted, r.source, r.recordedBy, r.recordedByName, r.policyVersion])).toEqual([
      ['marketing', true, 'form', member.userId, 'Mira Member', '1.0'],
      ['marketing', false, 'preference_centre', null, null, '1.0'],
    ]);
    expect(proof.records[1]).toMatchObject({ ipTruncated: '198.51.100.0', userAgent: 'ProofBrowser/2.0', wordingVersion: '=HYPERLINK("http://evil.example")', lawfulBasis: 'consent' });
    expect(proof.records[0]!.time < proof.records[1]!.time).toBe(true);
    expect(proof.hash).toEqual({ algorithm: 'sha256', value: sha256Hex(JSON.stringify(proof.records)) });
    expect(res.headers['x-proof-sha256']).toBe(proof.hash.value);
    expect(JSON.stringify(proof)).not.toContain('198.51.100.23');
  });

  it('exports the same list as formula-safe CSV with the same hash', async () => {
    const res = await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof?format=csv`, owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`consent-proof-${contactId}.csv`);
    const rows: string[][] = parse(res.body, { bom: true });
    expect(rows[0]).toEqual(['id', 'time', 'purpose', 'granted', 'lawfulBasis', 'source', 'wordingVersion', 'policyVersion', 'ipTruncated', 'userAgent', 'recordedBy', 'recordedByName']);
    expect(rows).toHaveLength(3);
    expect(rows[2]!.slice(2, 9)).toEqual(['marketing', 'false', 'consent', 'preference_centre', '\'=HYPERLINK("http://evil.example")', '1.0', '198.51.100.0']);
    const jsonProof = json<ProofAnswer>(await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof`, owner));
    expect(res.headers['x-proof-sha256']).toBe(jsonProof.hash.value);
  });

  it('needs privacy.read in the contact’s workspace', async () => {
    expectError(await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof`, member), 403, 'forbidden');
    expectError(await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof`, other), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof?format=csv`, other), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents/proof?format=xml`, owner), 400, 'validation_failed');
    expectError(await ta.app.inject({ method: 'GET', url: `/api/v1/contacts/${contactId}/consents/proof`, remoteAddress: freshIp() }), 401, 'unauthenticated');
  });
});
