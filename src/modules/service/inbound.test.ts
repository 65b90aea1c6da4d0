import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { messagesOf, postInbound, rawMail, ticketsOf, tokenOf } from './inbound-test-support.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Answer {
  ticketId: string | null;
  messageId: string | null;
  created: boolean;
  ignored: string | null;
}

describe.each(testDialects)('inbound support mail on %s', (dialect) => {
  let ta: TestApp;
  let ws: string;
  let token: string;
  let first: Answer;
  const ORIGINAL = 'orig-1@mail.pelanggan.example';

  const send = async (o: Parameters<typeof rawMail>[0]): Promise<{ status: number; body: Answer }> => {
    ta.clock.advance(1000);
    const res = await postInbound(ta, token, await rawMail(o));
    return { status: res.statusCode, body: json<Answer>(res) };
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ws = (await signUp(ta, { email: 'owner@inbound.example', company: 'Toko Inbound' })).workspaceId;
    token = await tokenOf(ta, ws);
    const r = await send({
      from: 'Sari Pelanggan <Sari@Pelanggan.example>',
      subject: 'Fwd: Printer tidak bisa mencetak',
      messageId: `<${ORIGINAL}>`,
      text: 'Printer saya tidak bisa mencetak sejak kemarin. Mohon bantuan.\n\n-- \nSari\n0812-0000-0000',
      html: '<p>Printer saya tidak bisa mencetak sejak kemarin. Mohon bantuan.</p><div class="sig">Sari</div>',
    });
    expect(r.status).toBe(202);
    first = r.body;
  });
  afterAll(async () => ta.close());

  it('rejects a missing or wrong token with 401, a non-mail body with 400 and a code', async () => {
    const raw = await rawMail({ from: 'a@pelanggan.example', subject: 'x' });
    expect((await postInbound(ta, null, raw)).statusCode).toBe(401);
    const wrong = await postInbound(ta, 'not-the-token-000000000000', raw);
    expect(wrong.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(wrong).error.code).toBe('unauthenticated');
    const junk = await postInbound(ta, token, Buffer.from('\u0000\u0001 just some bytes'));
    expect(junk.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(junk).error.code).toBe('malformed_mime');
    const noSender = await postInbound(ta, token, 'Subject: hello\r\n\r\nbody', 'text/plain');
    expect(json<{ error: { code: string } }>(noSender).error.code).toBe('missing_sender');
  });

  it('answers 413 for a mail above the size limit', async () => {
    const big = Buffer.concat([Buffer.from('From: a@pelanggan.example\r\nSubject: big\r\n\r\n'), Buffer.alloc(41 * 1_048_576, 0x61)]);
    const res = await postInbound(ta, token, big);
    expect(res.statusCode).toBe(413);
    expect(json<{ error: { code: string } }>(res).error.code).toBe('payload_too_large');
    // Above the 1 MB default of JSON routes but within the mail limit: accepted.
    const twoMb = await postInbound(ta, token, await rawMail({ from: 'long@pelanggan.example', subject: 'Long log', messageId: '<long@pelanggan.example>', text: 'log line\n'.repeat(250_000) }));
    expect(twoMb.statusCode).toBe(202);
  });

  it('opens a ticket from a new mail: email channel, clean subject, quote-free text, full HTML, its Message-ID', async () => {
    expect(first.created).toBe(true);
    const [t] = await ticketsOf(ta, ws);
    expect(t?.id).toBe(first.ticketId);
    expect(t?.channel).toBe('email');
    expect(t?.subject).toBe('Printer tidak bisa mencetak');
    expect(t?.requester_email).toBe('sari@pelanggan.example');
    expect(t?.locale).toBe('id');
    const [m] = await messagesOf(ta, first.ticketId ?? '');
    expect(m?.id).toBe(first.messageId);
    expect(m?.email_message_id).toBe(ORIGINAL);
    expect(m?.body_text).toBe('Printer saya tidak bisa mencetak sejak kemarin. Mohon bantuan.');
    expect(m?.body_html).toContain('class="sig"');
    expect(m?.author_type).toBe('requester');
  });

  it('acknowledges the new ticket in its language, threaded on the original mail', async () => {
    await ta.drain();
    const ack = (await ta.outbox()).find((o) => o.subject === '[#1] Printer tidak bisa mencetak');
    expect(ack).toBeDefined();
    expect(ack?.text).toContain('Kami telah menerima permintaan Anda #1');
    expect(ack?.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack?.headers.get('in-reply-to')).toBe(`<${ORIGINAL}>`);
    expect(JSON.stringify(ack?.headers.get('reply-to'))).toContain(`support+${token}@kodepos.test`);
  });

  it('threads a reply by In-Reply-To, storing only the new text', async () => {
    const r = await send({
      from: 'sari@pelanggan.example', subject: 'Re: [#1] Printer tidak bisa mencetak', messageId: '<r2@mail.pelanggan.example>', inReplyTo: `<${ORIGINAL}>`,
      text: 'Sudah saya coba restart, tetap tidak bisa.\n\nOn Mon, 12 Jan 2026 at 10:00, Support <support@kodepos.test> wrote:\n> Printer saya tidak bisa mencetak\n> sejak kemarin',
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ ticketId: first.ticketId, created: false });
    const msgs = await messagesOf(ta, first.ticketId ?? '');
    expect(msgs.find((m) => m.id === r.body.messageId)?.body_text).toBe('Sudah saya coba restart, tetap tidak bisa.');
  });

  it('threads by References alone (and takes a Content-Type with parameters)', async () => {
    const raw = await rawMail({ from: 'sari@pelanggan.example', subject: 'another subject', messageId: '<r3@mail.pelanggan.example>', references: ['<unknown@elsewhere.example>', `<${ORIGINAL}>`], text: 'By references' });
    const res = await postInbound(ta, token, raw, 'message/rfc822; charset=utf-8');
    expect(res.statusCode).toBe(202);
    expect(json<Answer>(res)).toMatchObject({ ticketId: first.ticketId, created: false });
  });

  it('threads by the [#N] subject tag only when the sender is the requester', async () => {
    const own = await send({ from: 'SARI@pelanggan.example', subject: 'RE: [#1] Printer', messageId: '<r4@mail.pelanggan.example>', text: 'Tag from the requester' });
    expect(own.body).toMatchObject({ ticketId: first.ticketId, created: false });
    const spoof = await send({ from: 'mallory@evil.example', subject: 'Re: [#1] Printer', messageId: '<s1@evil.example>', text: 'Let me in' });
    expect(spoof.status).toBe(202);
    expect(spoof.body.created).toBe(true);
    expect(spoof.body.ticketId).not.toBe(first.ticketId);
    const messages = await messagesOf(ta, first.ticketId ?? '');
    expect(messages.some((m) => m.author_email === 'mallory@evil.example')).toBe(false);
  });

  it('a second delivery of the same Message-ID answers 200 with the same ids and stores nothing', async () => {
    const before = (await messagesOf(ta, first.ticketId ?? '')).length;
    const raw = await rawMail({ from: 'sari@pelanggan.example', subject: 'Re: [#1]', messageId: '<r2@mail.pelanggan.example>', inReplyTo: `<${ORIGINAL}>`, text: 'again' });
    const res = await postInbound(ta, token, raw);
    expect(res.statusCode).toBe(200);
    expect(json<Answer>(res).ticketId).toBe(first.ticketId);
    expect((await messagesOf(ta, first.ticketId ?? '')).length).toBe(before);
    // Without a Message-ID the raw bytes identify the mail: the same bytes twice are one mail.
    const bare = Buffer.from('From: noid@pelanggan.example\r\nSubject: No id\r\n\r\nHello without id\r\n');
    const a = json<Answer>(await postInbound(ta, token, bare));
    const b = await postInbound(ta, token, bare);
    expect(b.statusCode).toBe(200);
    expect(json<Answer>(b).ticketId).toBe(a.ticketId);
  });

  it('drops auto-replies, bulk mail and bounces: no ticket, no acknowledgement', async () => {
    const tickets = (await ticketsOf(ta, ws)).length;
    await ta.drain();
    const mails = (await ta.outbox()).length;
    const cases = [
      { from: 'ooo@pelanggan.example', subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: 'news@pelanggan.example', subject: 'Newsletter', headers: { Precedence: 'bulk' } },
      { from: 'bot@pelanggan.example', subject: 'Autoreply', headers: { 'X-Autoreply': 'yes' } },
      { from: 'MAILER-DAEMON@mx.pelanggan.example', subject: 'Undelivered Mail Returned to Sender' },
    ];
    for (const [i, c] of cases.entries()) {
      const r = await send({ ...c, messageId: `<auto${i}@pelanggan.example>`, text: 'I am away' });
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ ticketId: null, created: false, ignored: 'automatic' });
    }
    // Our own acknowledgement or reply coming back (a forwarding rule, a misconfigured relay) is a loop.
    for (const from of ['no-reply@sales.kodepos.co.id', `support+${token}@kodepos.test`]) {
      const r = await send({ from, subject: '[#1] Printer', messageId: `<${from.length}.loop@kodepos.test>`, text: 'We received your request' });
      expect(r.body).toMatchObject({ ticketId: null, ignored: 'loop' });
    }
    await ta.drain();
    expect((await ticketsOf(ta, ws)).length).toBe(tickets);
    expect((await ta.outbox()).length).toBe(mails);
  });

  it('acknowledges at most five new tickets an hour per sender, so a looping autoresponder gets no endless answers', async () => {
    await ta.drain();
    const before = (await ta.outbox()).filter((m) => m.to.includes('loop@pelanggan.example')).length;
    for (let i = 0; i < 7; i++) await send({ from: 'loop@pelanggan.example', subject: `Loop ${i}`, messageId: `<loop${i}@pelanggan.example>`, text: 'I am a robot' });
    await ta.drain();
    expect((await ta.outbox()).filter((m) => m.to.includes('loop@pelanggan.example')).length - before).toBe(5);
  });

  it('keeps allowed attachments and names the dropped ones in an internal system note', async () => {
    const pdf = Buffer.from('%PDF-1.4 invoice');
    const r = await send({
      from: 'budi@pelanggan.example', subject: 'Invoice salah', messageId: '<att@pelanggan.example>', text: 'See attached',
      attachments: [
        { filename: 'invoice.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'tool.exe', content: Buffer.from('MZ'), contentType: 'application/x-msdownload' },
        { filename: 'huge.png', content: Buffer.concat([PNG, Buffer.alloc(10 * 1_048_576)]), contentType: 'image/png' },
        { filename: 'page.png', content: Buffer.from('<html>not an image</html>'), contentType: 'image/png' },
        { content: PNG, contentType: 'image/png', contentDisposition: 'inline', cid: 'pasted@x' },
      ],
    });
    expect(r.body.created).toBe(true);
    const files = await ta.ctx.db.k.selectFrom('ticket_attachments').selectAll().where('ticket_id', '=', r.body.ticketId ?? '').execute();
    expect(files.map((f) => [f.filename.replace(/^attachment[-\d]*\.png$/, 'pasted.png'), f.content_type, f.size]).sort()).toEqual([['invoice.pdf', 'application/pdf', pdf.length], ['pasted.png', 'image/png', PNG.length]]);
    const note = (await messagesOf(ta, r.body.ticketId ?? '')).find((m) => m.author_type === 'system');
    expect(note?.internal).toBe(1);
    expect(note?.body_text).toContain('tool.exe (type not allowed)');
    expect(note?.body_text).toContain('huge.png (too large)');
    expect(note?.body_text).toContain('page.png (type not allowed)');
    expect(note?.body_text).toContain('Lampiran email yang tidak disimpan');
  });
});
