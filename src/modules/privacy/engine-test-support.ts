/**
 * Two data subjects in each scope, made through the real HTTP routes, for the engine's tests:
 * accounts with sessions, consent and a request; contacts with activities, a timeline, a deal,
 * search entries, webhook deliveries, consent, a request and a mail to them.
 */
import { expect } from 'vitest';
import { json, signUp, type TestApp } from '../../test/app.js';

export interface PlatformSubject {
  email: string;
  userId: string;
  cookie: string;
}

export interface ContactSubject {
  email: string;
  secondEmail: string;
  phone: string;
  contactId: string;
}

export interface Subjects {
  workspaceId: string;
  ownerCookie: string;
  users: { a: PlatformSubject; b: PlatformSubject };
  contacts: { a: ContactSubject; b: ContactSubject };
}

async function platformSubject(ta: TestApp, email: string, name: string): Promise<PlatformSubject> {
  const s = await signUp(ta, { email, name, company: `${name} Co` });
  // A second session, so there is more than one to revoke.
  const again = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'correct horse battery' } });
  expect(again.statusCode).toBe(200);
  const prefs = await ta.app.inject({ method: 'PUT', url: '/api/v1/me/email-preferences', headers: { cookie: s.cookie }, payload: { productUpdates: true, promotions: true } });
  expect(prefs.statusCode, prefs.body).toBe(200);
  const req = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: { type: 'access', email, details: `Please send ${name} everything` } });
  expect(req.statusCode, req.body).toBe(202);
  return { email, userId: s.userId, cookie: s.cookie };
}

async function contactSubject(ta: TestApp, cookie: string, workspaceId: string, who: { first: string; email: string; second: string; phone: string }): Promise<ContactSubject> {
  const call = async (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const res = await ta.app.inject({ method, url, payload, headers: { cookie } });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return json(res);
  };
  const c = await call('POST', '/api/v1/contacts', {
    firstName: who.first,
    lastName: 'Santoso',
    email: who.email,
    emails: [{ email: who.email, label: 'work' }, { email: who.second, label: 'home' }],
    phone: who.phone,
    title: 'Buyer',
    city: 'Bandung',
    tags: ['vip'],
  });
  const id = String(c.id);
  await call('PATCH', `/api/v1/contacts/${id}`, { title: 'Head buyer' });
  await call('POST', '/api/v1/activities', { type: 'note', subject: `Call with ${who.first}`, body: `${who.first} asked for a quote`, contactId: id });
  await call('POST', '/api/v1/deals', { name: `Deal ${who.first}`, contactIds: [id] });
  await call('POST', `/api/v1/contacts/${id}/consents`, { purpose: 'marketing', granted: true, source: 'form' });
  // A workspace-scope request from the contact's address: its verification mail lands in the outbox.
  const req = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: { type: 'access', email: who.email, workspaceId, details: `About ${who.first}` } });
  expect(req.statusCode, req.body).toBe(202);
  return { email: who.email, secondEmail: who.second, phone: who.phone, contactId: id };
}

export async function makeSubjects(ta: TestApp): Promise<Subjects> {
  const owner = await signUp(ta, { email: 'owner@toko.example', name: 'Owner' });
  const hook = await ta.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: owner.cookie }, payload: { url: 'http://hooks.example/kodepos', events: ['contact.*'] } });
  expect(hook.statusCode, hook.body).toBe(201);
  const a = await contactSubject(ta, owner.cookie, owner.workspaceId, { first: 'Citra', email: 'citra@pelanggan.example', second: 'citra.home@rumah.example', phone: '+62 812 3456 7890' });
  const b = await contactSubject(ta, owner.cookie, owner.workspaceId, { first: 'Dodi', email: 'dodi@pelanggan.example', second: 'dodi.home@rumah.example', phone: '+62 813 1111 2222' });
  const ua = await platformSubject(ta, 'ana@kodepos.example', 'Ana');
  const ub = await platformSubject(ta, 'bayu@kodepos.example', 'Bayu');
  await ta.drain();
  return { workspaceId: owner.workspaceId, ownerCookie: owner.cookie, users: { a: ua, b: ub }, contacts: { a, b } };
}
