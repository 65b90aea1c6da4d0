import pino, { type Logger } from 'pino';
import { scrub, scrubError, scrubUrl } from './lib/redact.js';

const EMAIL_ANYWHERE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export type { Logger };

interface LoggedRequest {
  method?: string;
  url?: string;
  id?: string;
}

function requestFields(req: LoggedRequest | undefined): { method?: string; url?: string } {
  return { method: req?.method, url: req?.url ? scrubUrl(req.url) : undefined };
}

/**
 * The one logger. Every record passes through `scrub`, so an e-mail, phone number, password or
 * token that reaches a log call is masked before it is written (DESIGN: logs carry no PII).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const out = destination ?? pino.destination(1);
  // Last line of defence: no e-mail address survives into a written line, whatever path it took.
  const guarded: pino.DestinationStream = {
    write: (line: string) => out.write(line.replace(EMAIL_ANYWHERE, '[email]')),
  };
  return pino(
    {
      level,
      base: { pid: process.pid },
      formatters: {
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => scrub(a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
      serializers: {
        // Fastify's request and reply: only the fields worth having, never headers or bodies.
        req: (req: LoggedRequest) => ({ ...requestFields(req), reqId: req.id }),
        // The reply knows its request, so "request completed" says what was completed.
        res: (res: { statusCode?: number; request?: LoggedRequest }) => ({
          statusCode: res.statusCode,
          ...requestFields(res.request),
        }),
        // `scrub` has already turned errors into plain objects; one that slipped past is scrubbed here.
        err: (err: unknown) => (err instanceof Error ? scrubError(err) : err),
      },
    },
    guarded,
  );
}
