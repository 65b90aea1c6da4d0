import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { newId } from '../lib/ids.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** What kind of mail this is: transactional mail always goes; marketing passes the consent gate. */
  category?: 'transactional' | 'security_alert' | 'product_update' | 'promotion';
  /** Our own Message-ID without angle brackets, when the sender must know it beforehand (threading); generated otherwise. */
  messageId?: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /** The workspace whose data this mail carries (null or absent: the operator's own), for the disclosure log (disclosure.ts). */
  workspaceId?: string | null;
}

export interface SentMail {
  messageId: string;
  /** Outbox file path when the outbox transport wrote it. */
  file?: string;
}

/** A mail transport; the outbox and SMTP transports share this shape. */
export interface Mailer {
  send(msg: MailMessage): Promise<SentMail>;
  close(): void;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

function envelope(from: string, msg: MailMessage, id: string): SendMailOptions {
  return {
    from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    headers: msg.headers,
    messageId: `<${msg.messageId ?? `${id}@kodepos.local`}>`,
    ...(msg.attachments ? { attachments: msg.attachments } : {}),
  };
}

/** Writes each message as an RFC 5322 `.eml` file under `dir`, atomically (temp file, then rename). */
export function outboxMailer(dir: string, from: string): Mailer {
  mkdirSync(dir, { recursive: true });
  const transport: Transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(msg) {
      const id = newId('msg');
      const info = (await transport.sendMail(envelope(from, msg, id))) as { message: Buffer };
      const file = join(dir, `${id}.eml`);
      writeFileSync(`${file}.tmp`, info.message);
      renameSync(`${file}.tmp`, file);
      return { messageId: `<${msg.messageId ?? `${id}@kodepos.local`}>`, file };
    },
    close() {
      transport.close();
    },
  };
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport: Transport = nodemailer.createTransport(url);
  return {
    async send(msg) {
      const id = newId('msg');
      const info = await transport.sendMail(envelope(from, msg, id));
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

export function createMailer(opts: { smtpUrl?: string | undefined; dataDir: string; from: string }): Mailer {
  return opts.smtpUrl ? smtpMailer(opts.smtpUrl, opts.from) : outboxMailer(join(opts.dataDir, 'outbox'), opts.from);
}
