import pino, { type Logger } from 'pino';
import { scrub, scrubUrl } from './lib/redact.js';

const EMAIL_ANYWHERE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export type { Logger };

/**
 * The one logger. Every record passes through `scrub`, so an e-mail, phone number, password or
 * token that reaches a log call is masked before it is written (DESIGN: logs carry no PII).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const out = destination ?? pino.destination(1);
  // Last line of defence: no e-mail address survives into a written line, whatever path it took.
  const guarded: pino.DestinationStream = { write: (line: string) => out.write(line.replace(EMAIL_ANYWHERE, '[email]')) };
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
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          url: req.url ? scrubUrl(req.url) : undefined,
          reqId: req.id,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    guarded,
  );
}
