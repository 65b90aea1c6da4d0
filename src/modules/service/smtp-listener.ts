import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { MAX_MAIL_BYTES, parseInbound } from './inbound-parse.js';
import { receiveParsedPrivacyMail } from './inbound-privacy.js';
import { receiveParsed } from './inbound-service.js';
import { inboundDomain, tokenOfAddress } from './mail-compose.js';
import { workspaceOfToken } from './mail-repo.js';

/**
 * The optional built-in SMTP listener (SERVICE_SMTP_PORT): takes mail for `support+<token>@…`
 * of a known workspace and for the operator's privacy address, and feeds it to the same service
 * as the HTTP endpoint. Any other recipient is refused with 550 during the SMTP dialogue, so
 * the sending server bounces it and this listener never relays or stores it.
 */
export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

type Target = { kind: 'workspace'; workspaceId: string } | { kind: 'privacy' };

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function targetOf(ctx: AppContext, address: string): Promise<Target | null> {
  const a = address.trim().toLowerCase();
  if (a === ctx.config.operator.email.toLowerCase()) return { kind: 'privacy' };
  const token = tokenOfAddress(address);
  const workspaceId = token ? await workspaceOfToken(ctx.db.k, token) : null;
  return workspaceId ? { kind: 'workspace', workspaceId } : null;
}

async function deliver(ctx: AppContext, session: SMTPServerSession, raw: Buffer): Promise<void> {
  const mail = await parseInbound(raw);
  const seen = new Set<string>();
  for (const rcpt of session.envelope.rcptTo) {
    const t = await targetOf(ctx, rcpt.address);
    const key = t?.kind === 'workspace' ? t.workspaceId : (t?.kind ?? '');
    if (!t || seen.has(key)) continue;
    seen.add(key);
    if (t.kind === 'privacy') await receiveParsedPrivacyMail(ctx, mail);
    else await receiveParsed(ctx, t.workspaceId, mail);
  }
}

function collect(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A client that never declared SIZE is read to the end (the protocol needs it) but not kept.
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks)));
  });
}

export async function startSmtpListener(ctx: AppContext, opts: { port: number; host: string; maxBytes?: number }): Promise<SmtpListener> {
  const tls = ctx.config.tls;
  const maxBytes = opts.maxBytes ?? MAX_MAIL_BYTES;
  const server = new SMTPServer({
    name: inboundDomain(ctx.config),
    banner: 'Kodepos service mail',
    size: maxBytes,
    maxClients: 100,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ? { key: readFileSync(tls.key), cert: readFileSync(tls.cert) } : {}),
    logger: false,
    onRcptTo(address, _session, cb) {
      targetOf(ctx, address.address).then(
        (t) => cb(t ? undefined : smtpError(550, '5.1.1 No such mailbox here')),
        () => cb(smtpError(451, '4.3.0 Temporary failure, try again later')),
      );
    },
    onData(stream, session, cb) {
      collect(stream, maxBytes)
        .then(async (raw) => {
          if (!raw) return cb(smtpError(552, '5.3.4 Message too big'));
          await deliver(ctx, session, raw);
          return cb();
        })
        .catch((err: unknown) => {
          if (err instanceof HttpError && err.status < 500) return cb(smtpError(550, `5.6.0 ${err.message}`));
          // No addresses in the log: only what went wrong and where.
          ctx.log.error({ err: err instanceof Error ? { name: err.name, code: (err as { code?: unknown }).code } : null }, 'service SMTP delivery failed');
          return cb(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err: Error & { code?: string }) => ctx.log.warn({ code: err.code ?? null }, 'service SMTP listener error'));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
