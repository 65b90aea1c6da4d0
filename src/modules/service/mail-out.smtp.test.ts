import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { messagesOf, postInbound, rawMail, tokenOf } from './inbound-test-support.js';
import { queueReplyMail } from './mail-out.js';
import { addMessage, createTicket } from './tickets-service.js';

interface Received {
  rcpt: string[];
  raw: string;
  mail: ParsedMail;
}

/** A real SMTP server on a free port; it refuses ghost@… with a permanent 550 like a real one would. */
async function startSmtp(): Promise<{ server: SMTPServer; url: string; inbox: Received[] }> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('ghost@')) return cb(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      return cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((mail) => {
          inbox.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, inbox };
}

const header = (m: ParsedMail, name: string): string => {
  const v = m.headers.get(name);
  return typeof v === 'string' ? v : JSON.stringify(v);
};

describe.each(testDialects)('service mail through a real SMTP server on %s', (dialect) => {
  let ta: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let owner: { userId: string; workspaceId: string };
  let token: string;
  let ticketId: string;
  const ORIGINAL = 'first@mail.pelanggan.example';

  const inbound = async (o: Parameters<typeof rawMail>[0]): Promise<{ ticketId: string; messageId: string; created: boolean }> => {
    ta.clock.advance(1000);
    return json(await postInbound(ta, token, await rawMail(o)));
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    ta = await createTestApp(dialect, { smtpUrl: smtp.url, baseUrl: 'https://help.kodepos.test' });
    owner = await signUp(ta, { email: 'agent@smtp-service.example', name: 'Agus Agen', company: 'Toko Surat' });
    token = await tokenOf(ta, owner.workspaceId);
    ticketId = (await inbound({ from: 'Sari <sari@pelanggan.example>', subject: 'Printer broken', messageId: `<${ORIGINAL}>`, text: 'It prints nothing at all.' })).ticketId;
    await ta.drain();
  });
  afterAll(async () => {
    await ta.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  it('sends an agent reply with our Message-ID, threading headers, Reply-To, tagged subject and its attachment; queued then sent', async () => {
    ta.clock.advance(1000);
    const m = await addMessage(ta.ctx, {
      workspaceId: owner.workspaceId, ticketId, authorType: 'agent', authorUserId: owner.userId, internal: false, channel: 'agent',
      body: 'Please replace the USB cable.\n\nIt is a known fault.', attachments: [{ filename: 'guide.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 guide') }],
    });
    expect((await messagesOf(ta, ticketId)).find((x) => x.id === m.id)?.delivery_status).toBe('queued');
    await ta.drain();
    const stored = (await messagesOf(ta, ticketId)).find((x) => x.id === m.id);
    expect(stored?.delivery_status).toBe('sent');
    expect(stored?.email_message_id).toMatch(/^kp\.[A-Za-z0-9_-]+@help\.kodepos\.test$/);
    const got = smtp.inbox.find((r) => r.mail.messageId === `<${stored?.email_message_id ?? ''}>`);
    expect(got?.rcpt).toEqual(['sari@pelanggan.example']);
    const mail = got?.mail;
    if (!mail) throw new Error('reply not received');
    expect(mail.subject).toBe('Re: [#1] Printer broken');
    expect(mail.inReplyTo).toBe(`<${ORIGINAL}>`);
    expect(mail.references).toEqual([`<kp.ticket.${ticketId}@help.kodepos.test>`, `<${ORIGINAL}>`]);
    expect(header(mail, 'reply-to')).toContain(`support+${token}@help.kodepos.test`);
    expect(mail.text).toContain('Please replace the USB cable.');
    expect(mail.text).toContain('Agus Agen');
    expect(mail.text).not.toContain('It prints nothing at all.');
    expect(typeof mail.html === 'string' && mail.html.includes('known fault')).toBe(true);
    expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['guide.pdf', '%PDF-1.4 guide']]);
    // The acknowledgement went first, as an automatic answer threaded on the request.
    const ack = smtp.inbox.find((r) => r.mail.messageId === `<kp.ticket.${ticketId}@help.kodepos.test>`)?.mail;
    expect(ack?.subject).toBe('[#1] Printer broken');
    expect(header(ack as ParsedMail, 'auto-submitted')).toBe('auto-replied');
  });

  it('threads the requester answer to that mail (as their client writes it) onto the same ticket', async () => {
    const reply = smtp.inbox.at(-1)?.mail;
    const refs = [...(Array.isArray(reply?.references) ? reply.references : []), reply?.messageId ?? ''];
    const r = await inbound({ from: 'sari@pelanggan.example', subject: `Re: ${reply?.subject ?? ''}`, messageId: '<second@mail.pelanggan.example>', inReplyTo: reply?.messageId ?? '', references: refs, text: 'Works now, thanks!\n\n##- Please type your reply above this line -##\nold' });
    expect(r).toMatchObject({ ticketId, created: false });
    expect((await messagesOf(ta, ticketId)).find((x) => x.id === r.messageId)?.body_text).toBe('Works now, thanks!');
    // A client that sends only In-Reply-To to our reply threads as well.
    const only = await inbound({ from: 'other@pelanggan.example', subject: 'x', messageId: '<third@mail.pelanggan.example>', inReplyTo: reply?.messageId ?? '', text: 'Colleague here' });
    expect(only).toMatchObject({ ticketId, created: false });
  });

  it('threads a portal ticket: the reply answers the acknowledgement, and answers to either come back to the ticket', async () => {
    const t = await createTicket(ta.ctx, { workspaceId: owner.workspaceId, subject: 'Akun terkunci', body: 'Akun saya terkunci.', requesterEmail: 'dewi@pelanggan.example', channel: 'portal', locale: 'id' });
    await ta.drain();
    const ackId = `<kp.ticket.${t.id}@help.kodepos.test>`;
    expect(smtp.inbox.find((r) => r.mail.messageId === ackId)?.mail.subject).toBe(`[#${t.number}] Akun terkunci`);
    ta.clock.advance(1000);
    const m = await addMessage(ta.ctx, { workspaceId: owner.workspaceId, ticketId: t.id, authorType: 'agent', authorUserId: owner.userId, internal: false, channel: 'agent', body: 'Sudah kami buka.' });
    await ta.drain();
    const stored = (await messagesOf(ta, t.id)).find((x) => x.id === m.id);
    const reply = smtp.inbox.find((r) => r.mail.messageId === `<${stored?.email_message_id ?? ''}>`)?.mail;
    expect(reply?.inReplyTo).toBe(ackId);
    expect(reply?.references).toBe(ackId);
    expect(reply?.text).toContain('##- Ketik balasan Anda di atas baris ini -##');
    const toAck = await inbound({ from: 'dewi@pelanggan.example', subject: 'Re: x', messageId: '<d1@pelanggan.example>', inReplyTo: ackId, text: 'Answer to the acknowledgement' });
    expect(toAck).toMatchObject({ ticketId: t.id, created: false });
    const toReply = await inbound({ from: 'dewi@pelanggan.example', subject: 'Re: y', messageId: '<d2@pelanggan.example>', inReplyTo: reply?.messageId ?? '', text: 'Terima kasih' });
    expect(toReply).toMatchObject({ ticketId: t.id, created: false });
  });

  it('never mails an internal note', async () => {
    const before = smtp.inbox.length;
    const note = await addMessage(ta.ctx, { workspaceId: owner.workspaceId, ticketId, authorType: 'agent', authorUserId: owner.userId, internal: true, channel: 'agent', body: 'Customer is impatient' });
    await queueReplyMail(ta.ctx, ticketId, note.id);
    await ta.drain();
    expect(smtp.inbox.length).toBe(before);
    expect((await messagesOf(ta, ticketId)).find((x) => x.id === note.id)?.delivery_status).toBeNull();
  });

  it('marks a reply refused by the receiving server as failed', async () => {
    const ghost = await inbound({ from: 'ghost@pelanggan.example', subject: 'Hello', messageId: '<g1@pelanggan.example>', text: 'Are you there?' });
    ta.clock.advance(1000);
    const m = await addMessage(ta.ctx, { workspaceId: owner.workspaceId, ticketId: ghost.ticketId, authorType: 'agent', authorUserId: owner.userId, internal: false, channel: 'agent', body: 'Yes we are.' });
    await ta.drain();
    expect((await messagesOf(ta, ghost.ticketId)).find((x) => x.id === m.id)?.delivery_status).toBe('failed');
  });
});
