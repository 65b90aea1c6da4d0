import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';

interface Received {
  to: string;
  subject: string;
}

/**
 * A real SMTP server that refuses one address with a temporary error while `refuse` holds it, as
 * a receiving server does during an outage: the transport throws in the middle of a batch.
 */
async function startSmtp(): Promise<{ server: SMTPServer; url: string; inbox: Received[]; refuse: Set<string> }> {
  const inbox: Received[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address)) {
        const err = new Error('4.3.0 Try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            for (const r of session.envelope.rcptTo) inbox.push({ to: r.address, subject: mail.subject ?? '' });
            cb();
          })
          .catch(cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, url: `smtp://127.0.0.1:${port}`, inbox, refuse };
}

describe.each(testDialects)('policy and sub-processor notices resume after a failure on %s', (dialect) => {
  let ta: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let operator: { cookie: string; userId: string; workspaceId: string };
  let emails: string[];

  beforeAll(async () => {
    smtp = await startSmtp();
    ta = await createTestApp(dialect, { smtpUrl: smtp.url });
    operator = await signUp(ta, { email: 'operator@resume.example', company: 'Operator' });
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', operator.userId).execute();
    for (const n of ['ani', 'budi', 'citra', 'dewi', 'eko']) await signUp(ta, { email: `${n}@resume.example`, name: n });
    await ta.drain();
    // Users are mailed in id order: the failure is planted in the middle of that order.
    emails = (await ta.ctx.db.k.selectFrom('users').select('email').orderBy('id').execute()).map((u) => u.email);
    expect(emails).toHaveLength(6);
  });
  afterAll(async () => {
    await ta?.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  /** Lets the failed attempt's backoff pass on both runners (the table's clock, pg-boss's own time). */
  async function retry(): Promise<void> {
    ta.clock.advance(60_000);
    await new Promise((r) => setTimeout(r, dialect === 'postgres' ? 2_500 : 10));
    await ta.drain();
  }

  const received = (subject: string) => smtp.inbox.filter((m) => m.subject === subject).map((m) => m.to).sort();

  it('a policy notice job that fails mid-batch mails, when retried, only the users it had not reached', async () => {
    const third = emails[2]!;
    smtp.refuse.add(third);
    const draft = await call(ta, 'POST', '/api/v1/platform/policies', operator, { version: '9.1', markdown: '# Privacy\n\nNew words.', effectiveAt: ta.clock.now().toISOString(), material: false });
    expect(draft.statusCode, draft.body).toBe(201);
    const pub = await call(ta, 'POST', `/api/v1/platform/policies/${json<{ id: string }>(draft).id}/publish`, operator);
    expect(pub.statusCode, pub.body).toBe(202);
    await ta.drain();
    const subject = 'Our privacy policy has been updated (version 9.1)';
    // The first attempt stopped at the refused address, after the two before it.
    expect(received(subject)).toEqual(emails.slice(0, 2).sort());
    const job = await ta.ctx.db.k.selectFrom('governance_notices').select('job_id').where('kind', '=', 'policy').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(await ta.ctx.db.k.selectFrom('governance_notice_progress').select(['last_user_id', 'sent']).where('job_id', '=', job.job_id!).executeTakeFirst()).toMatchObject({ sent: 2 });

    smtp.refuse.delete(third);
    await retry();
    expect(received(subject)).toEqual([...emails].sort());
    const info = await ta.ctx.queue.get(job.job_id!);
    expect(info).toMatchObject({ status: 'completed', result: { sent: 6 } });
  });

  it('a sub-processor notice job resumes the same way', async () => {
    const last = emails[5]!;
    smtp.refuse.add(last);
    expect((await call(ta, 'PATCH', '/api/v1/platform/subprocessors/stripe', operator, { dpaDate: '2026-02-01' })).statusCode).toBe(200);
    await ta.drain();
    const subject = 'Our list of sub-processors has changed';
    expect(received(subject)).toEqual(emails.slice(0, 5).sort());
    smtp.refuse.delete(last);
    await retry();
    expect(received(subject)).toEqual([...emails].sort());
  });
});
