import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushMailFlows } from '../../mail/disclosure.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { logDisclosure, type DisclosureView } from './disclosures.js';

async function startSmtp(): Promise<{ server: SMTPServer; url: string; received: string[] }> {
  const received: string[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) received.push(r.address);
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, received };
}

interface Page {
  data: DisclosureView[];
  nextCursor: string | null;
}
interface Ropa {
  transfersMade: { key: string; purpose: string; country: string | null; mechanism: string | null; batches: number; subjects: number }[];
}

describe.each(testDialects)('disclosure and transfer log on %s', (dialect) => {
  let ta: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; userId: string; workspaceId: string };
  const rows = () => ta.ctx.db.k.selectFrom('disclosure_log').selectAll().orderBy('created_at').orderBy('id').execute();

  beforeAll(async () => {
    smtp = await startSmtp();
    ta = await createTestApp(dialect, { smtpUrl: smtp.url });
    owner = await signUp(ta, { email: 'owner@transfer.example', company: 'Transfer Co' });
    other = await signUp(ta, { email: 'other@transfer.example', company: 'Lain Co' });
    await ta.drain();
    await flushMailFlows(ta.ctx.mailer);
  });
  afterAll(async () => {
    await ta?.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  it('mail through the operator’s own server (no country in the register) is no disclosure', async () => {
    await ta.ctx.mailer.send({ to: 'someone@transfer.example', subject: 'Hi', text: 'Hi', category: 'transactional', workspaceId: owner.workspaceId });
    await flushMailFlows(ta.ctx.mailer);
    expect(smtp.received).toContain('someone@transfer.example');
    expect(await rows()).toEqual([]);
  });

  it('mail through a registered provider abroad: one row per batch, none per mail, with the transfer and its mechanism', async () => {
    // The operator registers its mail provider as being in the USA; the workspace's region is Indonesia.
    await ta.ctx.db.k.updateTable('subprocessors').set({ name: 'Mail Provider Inc.', country: 'US', mechanism: 'scc' }).where('key', '=', 'smtp').execute();
    for (const to of ['a@subjects.example', 'b@subjects.example', 'a@subjects.example']) {
      await ta.ctx.mailer.send({ to, subject: 'Notice', text: 'Notice', category: 'transactional', workspaceId: owner.workspaceId });
    }
    await ta.ctx.mailer.send({ to: 'c@subjects.example', subject: 'News', text: 'News', category: 'promotion', workspaceId: owner.workspaceId });
    // Nothing is written while mail goes out.
    expect(await rows()).toEqual([]);
    await flushMailFlows(ta.ctx.mailer);
    const logged = await rows();
    expect(logged).toHaveLength(2);
    expect(logged.find((r) => r.purpose === 'service')).toMatchObject({ workspace_id: owner.workspaceId, subprocessor_key: 'smtp', source: 'mail', subject_count: 2, country: 'US', data_region: 'ID', cross_border: 1, mechanism: 'scc' });
    expect(logged.find((r) => r.purpose === 'marketing')).toMatchObject({ subject_count: 1, cross_border: 1 });
    expect(JSON.stringify(logged)).not.toContain('subjects.example');
  });

  it('logDisclosure: inside the data region it is a disclosure but no transfer; an unknown processor is refused', async () => {
    await ta.ctx.db.k.updateTable('workspaces').set({ data_region: 'US' }).where('id', '=', other.workspaceId).execute();
    const d = await logDisclosure(ta.ctx, { workspaceId: other.workspaceId, subprocessor: 'stripe', source: 'billing_sync', purpose: 'billing', subjectCount: 7 });
    const stripe = await ta.ctx.db.k.selectFrom('subprocessors').select('country').where('key', '=', 'stripe').executeTakeFirstOrThrow();
    expect(d).toMatchObject({ subprocessor: 'stripe', subjectCount: 7, dataRegion: 'US', crossBorder: stripe.country !== null && stripe.country !== 'US' });
    expect(await logDisclosure(ta.ctx, { workspaceId: other.workspaceId, subprocessor: 'stripe', source: 'billing_sync', purpose: 'billing', subjectCount: 0 })).toBeNull();
    await expect(logDisclosure(ta.ctx, { workspaceId: null, subprocessor: 'nobody', source: 'x', purpose: 'service', subjectCount: 1 })).rejects.toThrow('no sub-processor nobody');
  });

  it('the officer lists the workspace’s rows with filters and as CSV; another workspace sees only its own; the platform’s need an operator', async () => {
    const mine = json<Page>(await call(ta, 'GET', '/api/v1/privacy/disclosures', owner));
    expect(mine.data.map((d) => d.purpose).sort()).toEqual(['marketing', 'service']);
    expect(json<Page>(await call(ta, 'GET', '/api/v1/privacy/disclosures?crossBorder=false', owner)).data).toEqual([]);
    expect(json<Page>(await call(ta, 'GET', '/api/v1/privacy/disclosures?subprocessor=stripe', owner)).data).toEqual([]);
    const first = json<Page>(await call(ta, 'GET', '/api/v1/privacy/disclosures?limit=1', owner));
    expect(first.data).toHaveLength(1);
    const second = json<Page>(await call(ta, 'GET', `/api/v1/privacy/disclosures?limit=1&cursor=${first.nextCursor!}`, owner));
    expect(second.data.map((d) => d.id)).not.toContain(first.data[0]!.id);
    const theirs = json<Page>(await call(ta, 'GET', '/api/v1/privacy/disclosures', other));
    expect(theirs.data.map((d) => d.subprocessor)).toEqual(['stripe']);
    expectError(await call(ta, 'GET', '/api/v1/privacy/disclosures?scope=platform', owner), 403, 'forbidden');
    expectError(await call(ta, 'GET', '/api/v1/privacy/disclosures?from=yesterday', owner), 400, 'validation_failed');
    const csv = await call(ta, 'GET', '/api/v1/privacy/disclosures?format=csv&crossBorder=true', owner);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('created_at,subprocessor,source,purpose,data_categories,subject_count,country,data_region,cross_border,mechanism,first_at,last_at');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(',smtp,mail,') && l.includes(',US,ID,yes,scc,'))).toBe(true);
  });

  it('the records of processing list the transfers actually made', async () => {
    const res = await call(ta, 'GET', '/api/v1/privacy/ropa', owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Ropa>(res).transfersMade).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'smtp', purpose: 'service', country: 'US', mechanism: 'scc', batches: 1, subjects: 2 })]));
    const html = await call(ta, 'GET', '/api/v1/privacy/ropa?format=html', owner);
    expect(html.body).toContain('Transfers made (disclosure log)');
    expect(html.body).toContain('Mail Provider Inc.');
    expect(json<Ropa>(await call(ta, 'GET', '/api/v1/privacy/ropa', other)).transfersMade.every((t) => t.key !== 'smtp')).toBe(true);
  });
});
