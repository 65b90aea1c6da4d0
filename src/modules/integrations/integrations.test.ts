import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { isSuppressed } from '../marketing/suppression.js';
import { eraseSubject } from '../privacy/erasure.js';
import { resolveSubject } from '../privacy/subject.js';
import { clientOptions } from './connections.js';
import { DELETION_JOB } from './deletions.js';
import { scheduleSyncs } from './jobs.js';
import { startBrevoFake, type BrevoFake } from './fakes/brevo.js';
import { startMailchimpFake, type MailchimpFake } from './fakes/mailchimp.js';
import { emailSha256, mailchimpHash } from './hashing.js';

/**
 * Mailchimp and Brevo list sync against the local fakes, through the routes and the job queue:
 * only consented, unsuppressed, unrestricted contacts reach the provider; opt-outs come back as
 * suppressions and withdrawals; an erasure reaches the provider through the deletion task.
 */
clientOptions.sleep = () => Promise.resolve();

interface Conn {
  id: string;
  status: string;
  lastSyncAt: string | null;
  lastError: string | null;
}
interface Run {
  kind: string;
  status: string;
  sent: number;
  skipped: number;
  received: number;
  failed: number;
  errors: string[];
}

describe.each(testDialects)('email list sync on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; workspaceId: string; userId: string };
  let mc: MailchimpFake;
  let brevo: BrevoFake;
  const ids: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie: owner.cookie } });
  const contact = async (key: string, email: string, consent: boolean | null): Promise<void> => {
    const res = await call('POST', '/api/v1/contacts', { firstName: key, lastName: 'Test', email });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = json<{ id: string }>(res).id;
    if (consent !== null) {
      const c = await call('POST', `/api/v1/contacts/${ids[key]}/consents`, { purpose: 'marketing', granted: consent, source: 'form' });
      expect(c.statusCode, c.body).toBe(201);
    }
  };
  const sync = async (id: string, kind?: string): Promise<void> => {
    const res = await call('POST', `/api/v1/integrations/${id}/sync`, kind ? { kind } : {});
    expect(res.statusCode, res.body).toBe(202);
    await ta.drain();
  };
  const runs = async (id: string): Promise<Run[]> => json<{ data: Run[] }>(await call('GET', `/api/v1/integrations/${id}/runs`)).data;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@lists.example' });
    mc = await startMailchimpFake();
    brevo = await startBrevoFake();
    await contact('yes', 'Yes.Person@Example.com', true);
    await contact('no', 'no.person@example.com', false);
    await contact('never', 'never.asked@example.com', null);
    await contact('suppressed', 'suppressed@example.com', true);
    await contact('restricted', 'restricted@example.com', true);
    expect((await call('POST', '/api/v1/marketing/suppressions', { email: 'suppressed@example.com' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await mc.close();
    await brevo.close();
    await ta.close();
  });

  it('refuses wrong credentials with provider_refused and stores nothing; the answer never shows the key', async () => {
    const bad = await call('POST', '/api/v1/integrations', { provider: 'mailchimp', apiKey: 'wrongkey0000-us21', listId: mc.listId, baseUrl: mc.url });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string; details: { status: number } } }>(bad).error).toMatchObject({ code: 'provider_refused', details: { status: 401 } });
    expect(json<{ data: Conn[] }>(await call('GET', '/api/v1/integrations')).data).toHaveLength(0);
    const noList = await call('POST', '/api/v1/integrations', { provider: 'brevo', apiKey: brevo.apiKey, listId: 99, baseUrl: brevo.url });
    expect(json<{ error: { code: string; details: { status: number } } }>(noList).error).toMatchObject({ code: 'provider_refused', details: { status: 404 } });
    const badUrl = await call('POST', '/api/v1/integrations', { provider: 'brevo', apiKey: brevo.apiKey, listId: 7, baseUrl: 'http://169.254.169.254/v3' });
    expect(json<{ error: { code: string } }>(badUrl).error.code).toBe('validation_failed');

    const ok = await call('POST', '/api/v1/integrations', { provider: 'mailchimp', apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.body).not.toContain(mc.apiKey);
    ids.mc = json<Conn>(ok).id;
    const row = await ta.ctx.db.k.selectFrom('integration_connections').select('secret').where('id', '=', ids.mc).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(mc.apiKey);
    expect(row.secret.startsWith('v1.')).toBe(true);
    const b = await call('POST', '/api/v1/integrations', { provider: 'brevo', apiKey: brevo.apiKey, listId: brevo.listId, baseUrl: brevo.url });
    expect(b.statusCode, b.body).toBe(201);
    ids.brevo = json<Conn>(b).id;
  });

  it('sends only consented, unsuppressed, unrestricted contacts (the fake records what it got), with a disclosure row', async () => {
    const r = await call('POST', `/api/v1/contacts/${ids.restricted}/restriction`, { restricted: true, reason: 'subject contests accuracy' });
    expect(r.statusCode, r.body).toBeLessThan(300);
    await sync(ids.mc as string, 'push');
    expect([...mc.members.values()].map((m) => m.email_address)).toEqual(['yes.person@example.com']);
    expect(mc.members.get(mailchimpHash('yes.person@example.com'))).toMatchObject({ status: 'subscribed', merge_fields: { FNAME: 'yes', LNAME: 'Test' } });
    const sentBodies = JSON.stringify(mc.received.map((x) => x.body));
    for (const e of ['no.person', 'never.asked', 'suppressed@', 'restricted@']) expect(sentBodies).not.toContain(e);
    const [run] = await runs(ids.mc as string);
    expect(run).toMatchObject({ kind: 'push', status: 'completed', sent: 1, skipped: 4, failed: 0 });
    // Every contact's decision is in the gate's log, channel sync.
    const decisions = await ta.ctx.db.k.selectFrom('consent_decisions').select(['contact_id', 'allowed', 'reason']).where('channel', '=', 'sync').where('workspace_id', '=', owner.workspaceId).execute();
    expect(decisions.find((d) => d.contact_id === ids.restricted)?.reason).toBe('restricted');
    expect(decisions.find((d) => d.contact_id === ids.never)?.reason).toBe('no_consent');
    const log = await ta.ctx.db.k.selectFrom('disclosure_log').selectAll().where('subprocessor_key', '=', 'mailchimp').execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ workspace_id: owner.workspaceId, subject_count: 1, country: 'US', cross_border: 1, mechanism: 'scc', purpose: 'marketing' });

    await sync(ids.brevo as string, 'push');
    expect([...brevo.contacts.values()].map((c) => [c.email, c.listIds])).toEqual([['yes.person@example.com', [brevo.listId]]]);
    expect(brevo.received.every((x) => x.headers['api-key'] === brevo.apiKey)).toBe(true);
  });

  it('a withdrawal here unsubscribes the member there on the next push', async () => {
    await contact('later', 'later@example.com', true);
    await sync(ids.mc as string, 'push');
    expect(mc.members.get(mailchimpHash('later@example.com'))?.status).toBe('subscribed');
    expect((await call('POST', `/api/v1/contacts/${ids.later}/consents`, { purpose: 'marketing', granted: false, source: 'form' })).statusCode).toBe(201);
    await sync(ids.mc as string, 'push');
    expect(mc.members.get(mailchimpHash('later@example.com'))?.status).toBe('unsubscribed');
  });

  it('unsubscribes and cleaned addresses come back as suppressions and recorded withdrawals (source api)', async () => {
    const member = mc.members.get(mailchimpHash('yes.person@example.com'));
    if (!member) throw new Error('member missing');
    member.status = 'cleaned';
    member.last_changed = new Date(Date.now() + 1000).toISOString();
    await sync(ids.mc as string, 'pull');
    expect(await isSuppressed(ta.ctx.db.k, owner.workspaceId, 'yes.person@example.com')).toBe(true);
    const reasons = await ta.ctx.db.k.selectFrom('marketing_suppressions').select('reason').where('workspace_id', '=', owner.workspaceId).where('email_hash', '=', emailSha256('yes.person@example.com')).execute();
    expect(reasons.map((r) => r.reason)).toContain('hard_bounce');
    const consent = await ta.ctx.db.k.selectFrom('consent_records').select(['granted', 'source']).where('contact_id', '=', ids.yes as string).where('purpose', '=', 'marketing').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ granted: 0, source: 'api' });
    const pulls = (await runs(ids.mc as string)).filter((r) => r.kind === 'pull');
    expect(pulls[0]).toMatchObject({ status: 'completed', received: 2 });
    // The pull query asked Mailchimp for changes since the last pull only.
    await sync(ids.mc as string, 'pull');
    const last = mc.received.filter((x) => x.path.endsWith('/members') && x.method === 'GET').at(-1);
    expect(last?.query.get('since_last_changed')).toBeTruthy();

    const bc = [...brevo.contacts.values()][0];
    if (!bc) throw new Error('brevo contact missing');
    await contact('brevoOnly', 'brevo.only@example.com', true);
    bc.emailBlacklisted = true;
    bc.modifiedAt = new Date(Date.now() + 1000).toISOString();
    await sync(ids.brevo as string, 'pull');
    expect((await runs(ids.brevo as string)).find((r) => r.kind === 'pull')).toMatchObject({ status: 'completed', received: 1 });
  });

  it('an erasure reaches Mailchimp and Brevo through the processor deletion tasks', async () => {
    await contact('erase', 'erase.me@example.com', true);
    await sync(ids.mc as string, 'push');
    await sync(ids.brevo as string, 'push');
    const hash = mailchimpHash('erase.me@example.com');
    expect(mc.members.has(hash)).toBe(true);
    const brevoId = [...brevo.contacts.values()].find((c) => c.email === 'erase.me@example.com')?.id;
    expect(brevoId).toBeDefined();
    const scope = { kind: 'workspace' as const, workspaceId: owner.workspaceId };
    const rows = await resolveSubject(ta.ctx, scope, { emails: ['erase.me@example.com'], phones: [] });
    const report = await eraseSubject(ta.ctx, scope, rows, { actor: { type: 'operator', id: null } });
    expect(report.processorTasks).toEqual(expect.arrayContaining(['mailchimp', 'brevo']));
    // The provider fails once with a 503: the task stays pending, counted, and is done on the next run.
    brevo.failNext({ status: 503, body: { code: 'internal_error', message: 'down' } }, { status: 503 }, { status: 503 }, { status: 503 });
    await ta.ctx.queue.enqueue(DELETION_JOB, {});
    await ta.drain();
    expect(mc.permanentlyDeleted).toContain(hash);
    const pending = await ta.ctx.db.k.selectFrom('processor_deletion_tasks').select(['recipient', 'status', 'attempts', 'error']).where('workspace_id', '=', owner.workspaceId).where('subject_ref', '=', emailSha256('erase.me@example.com')).execute();
    expect(pending.find((t) => t.recipient === 'mailchimp')).toMatchObject({ status: 'done' });
    expect(pending.find((t) => t.recipient === 'brevo')).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.find((t) => t.recipient === 'meta')).toMatchObject({ status: 'not_connected' });
    await ta.ctx.queue.enqueue(DELETION_JOB, {});
    await ta.drain();
    expect(brevo.deleted).toContain(brevoId);
    const after = await ta.ctx.db.k.selectFrom('processor_deletion_tasks').select(['recipient', 'status']).where('subject_ref', '=', emailSha256('erase.me@example.com')).where('recipient', '=', 'brevo').executeTakeFirstOrThrow();
    expect(after.status).toBe('done');
    // The member ids kept for the deletion are gone once it is done.
    expect(await ta.ctx.db.k.selectFrom('integration_remote_ids').select('id').where('email_ref', '=', emailSha256('erase.me@example.com')).execute()).toHaveLength(0);
  });

  it('restricting a contact queues a restrict task per tool; the Mailchimp member is archived and its id kept (the restriction may be lifted)', async () => {
    await contact('restrictLater', 'Restrict.Later@example.com', true);
    await sync(ids.mc as string, 'push');
    const hash = mailchimpHash('restrict.later@example.com');
    expect(mc.members.get(hash)?.status).toBe('subscribed');
    const ref = emailSha256('restrict.later@example.com');
    const restricted = await call('POST', `/api/v1/contacts/${ids.restrictLater}/restriction`, { restricted: true, reason: 'Subject contests accuracy' });
    expect(restricted.statusCode, restricted.body).toBe(200);
    const queued = await ta.ctx.db.k.selectFrom('processor_deletion_tasks').select(['recipient', 'action']).where('workspace_id', '=', owner.workspaceId).where('subject_ref', '=', ref).execute();
    expect(queued.map((q) => q.recipient).sort()).toEqual(['brevo', 'linkedin', 'mailchimp', 'meta']);
    expect(new Set(queued.map((q) => q.action))).toEqual(new Set(['restrict']));
    await ta.ctx.queue.enqueue(DELETION_JOB, {});
    await ta.drain();
    expect(mc.members.get(hash)?.status).toBe('archived');
    expect(mc.permanentlyDeleted).not.toContain(hash);
    const task = await ta.ctx.db.k.selectFrom('processor_deletion_tasks').select('status').where('subject_ref', '=', ref).where('recipient', '=', 'mailchimp').executeTakeFirstOrThrow();
    expect(task.status).toBe('done');
    const kept = await ta.ctx.db.k.selectFrom('integration_remote_ids').select('status').where('email_ref', '=', ref).executeTakeFirstOrThrow();
    expect(kept.status).toBe('archived');
  });

  it('the hourly schedule queues the default syncs of each live connection once per hour', async () => {
    const first = await scheduleSyncs(ta.ctx);
    expect(first.jobIds).toHaveLength(4);
    const again = await scheduleSyncs(ta.ctx);
    expect(again.jobIds).toEqual(first.jobIds);
    ta.clock.advance(60 * 60 * 1000);
    const nextHour = await scheduleSyncs(ta.ctx);
    expect(nextHour.jobIds.filter((id) => first.jobIds.includes(id))).toHaveLength(0);
    await ta.drain();
  });

  it('disconnect wipes the credentials; another workspace sees 404; a sync kind the provider lacks is a 400', async () => {
    const other = await signUp(ta, { email: 'other@lists.example' });
    const res = await ta.app.inject({ method: 'GET', url: `/api/v1/integrations/${ids.mc}`, headers: { cookie: other.cookie } });
    expect(res.statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/integrations/${ids.mc}`)).statusCode).toBe(204);
    const c = json<Conn>(await call('GET', `/api/v1/integrations/${ids.mc}`));
    expect(c.status).toBe('disconnected');
    expect((await call('POST', `/api/v1/integrations/${ids.mc}/sync`, {})).statusCode).toBe(409);
    expect((await call('POST', `/api/v1/integrations/${ids.brevo}/sync`, { kind: 'forward' })).statusCode).toBe(400);
  });
});
