import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';
import { contact, listWith, sendCampaign, sendRows, type Owner } from './campaigns-test-support.js';

interface Received {
  rcpt: string[];
  raw: string;
  mail: ParsedMail;
}

/** A real SMTP server on a free local port: what it accepts is what a recipient's server would see. */
async function startSmtp(): Promise<{ server: SMTPServer; url: string; inbox: Received[] }> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // An address the receiving server does not know: a permanent 550, as a real one answers.
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('ghost@')) {
        const err = new Error('5.1.1 No such user') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            inbox.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            cb();
          })
          .catch(cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, url: `smtp://127.0.0.1:${port}`, inbox };
}

function header(raw: string, name: string): string | undefined {
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
}

describe.each(testDialects)('campaigns through a real SMTP server on %s', (dialect) => {
  let ta: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let o: Owner;
  let ids: { yes: string; no: string; restricted: string; ghost: string };

  beforeAll(async () => {
    smtp = await startSmtp();
    ta = await createTestApp(dialect, { smtpUrl: smtp.url, baseUrl: 'https://crm.kodepos.test' });
    o = await signUp(ta, { email: 'owner@smtp.example', company: 'Warung SMTP' });
    ids = {
      yes: await contact(ta, o, { firstName: 'Yani', email: 'yani@smtp.example' }, { marketing: true }),
      no: await contact(ta, o, { firstName: 'Nadia', email: 'nadia@smtp.example' }),
      restricted: await contact(ta, o, { firstName: 'Rudi', email: 'rudi@smtp.example' }, { marketing: true }),
      ghost: await contact(ta, o, { firstName: 'Ghost', email: 'ghost@smtp.example' }, { marketing: true }),
    };
    expect((await call(ta, 'POST', `/api/v1/contacts/${ids.restricted}/restriction`, o, { restricted: true, reason: 'Accuracy contested' })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await ta.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  const to = (email: string, subject: string) => smtp.inbox.filter((m) => m.rcpt.includes(email) && (m.mail.subject ?? '').includes(subject));

  it('a promotion reaches only the consenting contact, with RFC 8058 headers whose one-click POST unsubscribes', async () => {
    const list = await listWith(ta, o, Object.values(ids));
    const c = await sendCampaign(ta, o, { category: 'promotion', listId: list, subject: 'Diskon {{firstName}}' });
    expect(c.status).toBe('sent');
    const got = to('yani@smtp.example', 'Diskon Yani');
    expect(got).toHaveLength(1);
    expect(to('nadia@smtp.example', 'Diskon')).toHaveLength(0);
    expect(to('rudi@smtp.example', 'Diskon')).toHaveLength(0);
    const raw = got[0]!.raw;
    const link = /^<(https:\/\/crm\.kodepos\.test\/public\/v1\/email\/unsubscribe\/[^>]+)>$/.exec(header(raw, 'List-Unsubscribe') ?? '')?.[1];
    expect(link).toBeDefined();
    expect(header(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(got[0]!.mail.text).toContain(link);

    // The relay refused the unknown address for good: a hard bounce and a suppression.
    const rows = Object.fromEntries((await sendRows(ta, c.id)).map((r) => [r.contact_id, r]));
    expect(rows[ids.ghost]).toMatchObject({ status: 'bounced' });
    expect(rows[ids.restricted]).toMatchObject({ status: 'skipped', skip_reason: 'restricted' });
    expect(rows[ids.no]).toMatchObject({ status: 'skipped', skip_reason: 'no_consent' });

    // What a mail client does (RFC 8058 §3.1): POST the body, no cookies, no login.
    const res = await ta.app.inject({ method: 'POST', url: link!.replace('https://crm.kodepos.test', ''), payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    const consents = json<{ current: Record<string, boolean> }>(await call(ta, 'GET', `/api/v1/contacts/${ids.yes}/consents`, o));
    expect(consents.current.marketing).toBe(false);

    const again = await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'Update after unsubscribe' });
    expect(again.progress.sent).toBe(0);
    expect(smtp.inbox.filter((m) => (m.mail.subject ?? '').includes('Update after unsubscribe'))).toHaveLength(0);
  });

  it('a security alert reaches everyone, restricted and unsubscribed contacts too, but not a bounced address', async () => {
    const list = await listWith(ta, o, Object.values(ids));
    const c = await sendCampaign(ta, o, { category: 'security_alert', listId: list, subject: 'Security incident notice' });
    expect(c.status).toBe('sent');
    for (const email of ['yani@smtp.example', 'nadia@smtp.example', 'rudi@smtp.example']) {
      const got = to(email, 'Security incident notice');
      expect(got, email).toHaveLength(1);
      expect(header(got[0]!.raw, 'List-Unsubscribe')).toBeUndefined();
    }
    expect(to('ghost@smtp.example', 'Security incident notice')).toHaveLength(0);
    const rows = Object.fromEntries((await sendRows(ta, c.id)).map((r) => [r.contact_id, r]));
    expect(rows[ids.ghost]).toMatchObject({ status: 'skipped', skip_reason: 'suppressed' });
  });
});
