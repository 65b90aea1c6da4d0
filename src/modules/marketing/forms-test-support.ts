import { expect } from 'vitest';
import { json, type TestApp } from '../../test/app.js';
import { call } from '../workspaces/test-support.js';
import { ensureDemoForm } from './demo.js';
import type { FormView } from './forms-schema.js';

export type Who = { cookie: string; workspaceId: string };

/** A web-to-lead form: names, a required email, a phone, a select, and one marketing consent box. */
export const leadForm = (ownerPool: string[] = []) => ({
  name: 'Website leads',
  kind: 'web_to_lead',
  status: 'published',
  ownerPool,
  fields: [
    { key: 'first_name', label: { en: 'First name', id: 'Nama depan' }, type: 'text', required: false, mapsTo: 'firstName' },
    { key: 'last_name', label: { en: 'Last name', id: 'Nama belakang' }, type: 'text', mapsTo: 'lastName' },
    { key: 'email', label: { en: 'Email', id: 'Email' }, type: 'email', required: true, mapsTo: 'email' },
    { key: 'phone', label: { en: 'Phone', id: 'Telepon' }, type: 'phone', mapsTo: 'phone' },
    { key: 'size', label: { en: 'Team size', id: 'Ukuran tim' }, type: 'select', options: [{ value: 'small', label: { en: '1-10', id: '1-10' } }, { value: 'large', label: { en: '11+', id: '11+' } }] },
  ],
  consents: [{ key: 'consent_news', purpose: 'marketing', text: { en: 'Email me news and offers.', id: 'Kirimi saya kabar dan penawaran.' } }],
});

export async function createForm(ta: TestApp, who: Who, body: unknown): Promise<FormView> {
  const res = await call(ta, 'POST', '/api/v1/forms', who, body);
  expect(res.statusCode, res.body).toBe(201);
  return json<FormView>(res);
}

/**
 * Posts a submission as a visitor from `ip` would (no cookie), with the 18+ box ticked unless
 * `adult: false` (forms have the age gate on by default).
 */
export function submitForm(ta: TestApp, formId: string, payload: Record<string, unknown> | string, opts: { ip?: string; contentType?: string; adult?: boolean } = {}) {
  if (opts.adult !== false) payload = typeof payload === 'string' ? `${payload}&kp_age=on` : { kp_age: true, ...payload };
  return ta.app.inject({
    method: 'POST',
    url: `/public/v1/forms/${formId}/submissions`,
    remoteAddress: opts.ip ?? '203.0.113.7',
    headers: { 'content-type': opts.contentType ?? 'application/json', 'user-agent': 'Mozilla/5.0 Firefox/130.0', origin: 'https://customer.example' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

/** A demo request on the operator's form (tenancy fixture: the platform route must refuse tenants with 403 whatever the id). */
export async function demoRequestFixture({ ta }: { ta: TestApp }): Promise<string> {
  const formId = await ensureDemoForm(ta.ctx);
  const res = await submitForm(ta, formId, { first_name: 'Bea', email: 'bea@tenancy-b.example', company: 'B Co' }, { ip: '192.0.2.99' });
  expect(res.statusCode, res.body).toBe(201);
  return json<{ id: string }>(res).id;
}
