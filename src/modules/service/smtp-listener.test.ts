import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { startServer } from '../../server.js';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { ticketsOf, tokenOf } from './inbound-test-support.js';
import { startSmtpListener, type SmtpListener } from './smtp-listener.js';

describe.each(testDialects)('service SMTP listener on %s', (dialect) => {
  let ta: TestApp;
  let listener: SmtpListener;
  let ws: string;
  let token: string;
  let client: ReturnType<typeof nodemailer.createTransport>;
  const send = (o: Mail.Options) => client.sendMail({ from: 'Sari <sari@pelanggan.example>', text: 'Hello', ...o });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ws = (await signUp(ta, { email: 'owner@listener.example', company: 'Toko SMTP' })).workspaceId;
    token = await tokenOf(ta, ws);
    listener = await startSmtpListener(ta.ctx, { port: 0, host: '127.0.0.1', maxBytes: 200_000 });
    client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    client.close();
    await listener.close();
    await ta.close();
  });

  it('turns mail to support+<token>@… into a ticket, threads a reply, and acknowledges it', async () => {
    const info = await send({ to: `support+${token}@mx.anything.example`, subject: 'Router mati', messageId: '<smtp1@pelanggan.example>', text: 'Router saya mati total.' });
    expect(info.accepted).toEqual([`support+${token}@mx.anything.example`]);
    let tickets = await ticketsOf(ta, ws);
    expect(tickets.map((t) => [t.subject, t.channel, t.requester_email])).toEqual([['Router mati', 'email', 'sari@pelanggan.example']]);
    await send({ to: `support+${token}@mx.anything.example`, subject: 'Re: [#1] Router mati', messageId: '<smtp2@pelanggan.example>', inReplyTo: '<smtp1@pelanggan.example>', text: 'Masih mati.' });
    tickets = await ticketsOf(ta, ws);
    expect(tickets).toHaveLength(1);
    await ta.drain();
    expect((await ta.outbox()).some((m) => m.subject === '[#1] Router mati')).toBe(true);
  });

  it('refuses unknown recipients and tokens with 550 and stores nothing', async () => {
    const before = (await ticketsOf(ta, ws)).length;
    await expect(send({ to: 'someone@mx.anything.example', subject: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ to: 'support+wrongtoken0000000000@mx.anything.example', subject: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    expect((await ticketsOf(ta, ws)).length).toBe(before);
  });

  it('refuses a mail above the size limit', async () => {
    await expect(send({ to: `support+${token}@mx.anything.example`, subject: 'big', text: 'a'.repeat(300_000) })).rejects.toMatchObject({ responseCode: 552 });
  });

  it('files mail to the operator privacy address as a platform request and sends the verification mail', async () => {
    await send({ to: ta.ctx.config.operator.email, from: 'Budi <budi@pelanggan.example>', subject: 'Hapus data saya', messageId: '<priv1@pelanggan.example>', text: 'Tolong hapus semua data saya dari sistem Anda. Terima kasih.' });
    const rows = await ta.ctx.db.k.selectFrom('privacy_requests').selectAll().where('email', '=', 'budi@pelanggan.example').execute();
    expect(rows.map((r) => [r.type, r.workspace_id, r.status, r.locale])).toEqual([['deletion', null, 'unverified', 'id']]);
    expect(rows[0]?.details).toContain('Tolong hapus semua data saya');
    await ta.drain();
    const verify = (await ta.outbox()).find((m) => m.to.includes('budi@pelanggan.example'));
    expect(verify?.subject).toBe('Konfirmasi permintaan privasi Anda');
    // An out-of-office answer to the privacy address files nothing.
    await send({ to: ta.ctx.config.operator.email, from: 'budi@pelanggan.example', subject: 'Automatic reply', headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Away, please delete nothing' });
    expect((await ta.ctx.db.k.selectFrom('privacy_requests').select('id').where('email', '=', 'budi@pelanggan.example').execute()).length).toBe(1);
  });

  it('files a correction asked for by email, keeping the words for the officer', async () => {
    await send({ to: ta.ctx.config.operator.email, from: 'cici@pelanggan.example', subject: 'Wrong name', text: 'Please correct my surname, it is wrong in your records.' });
    const row = await ta.ctx.db.k.selectFrom('privacy_requests').selectAll().where('email', '=', 'cici@pelanggan.example').executeTakeFirst();
    expect(row?.workspace_id).toBeNull();
    expect(row?.details).toContain('Please correct my surname');
    expect(['correction', 'access']).toContain(row?.type);
  });
});

describe('SERVICE_SMTP_PORT', () => {
  it('is off by default; when set, the server starts the listener with the app and stops it on close', async () => {
    expect(loadConfig({}).serviceSmtp).toBeUndefined();
    expect(() => loadConfig({ SERVICE_SMTP_PORT: 'twenty-five' })).toThrow(/SERVICE_SMTP_PORT/);
    const dir = mkdtempSync(join(tmpdir(), 'kodepos-smtp-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', JOBS: '0', SERVICE_SMTP_PORT: '0', SERVICE_SMTP_HOST: '127.0.0.1' });
    expect(config.serviceSmtp).toEqual({ port: 0, host: '127.0.0.1' });
    const server = await startServer(config, { log: createLogger('silent') });
    try {
      expect(server.smtpPort).toBeGreaterThan(0);
      const probe = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort ?? 0, ignoreTLS: true });
      await expect(probe.verify()).resolves.toBe(true);
      probe.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const after = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort ?? 0, ignoreTLS: true, connectionTimeout: 2000 });
    await expect(after.verify()).rejects.toThrow();
  });
});
