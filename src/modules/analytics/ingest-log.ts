import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

/**
 * The route logs at warn and above only, so a per-request child logger (with its request id) is
 * made on the first warning or error, not for every event: pino's child with its own level costs
 * about as much as the rest of the event's handling. Below warn nothing is written, as before.
 */
type LogArgs = unknown[];
class WarnLog {
  private made: FastifyBaseLogger | undefined;
  readonly level = 'warn';

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.opts));
  }

  trace(): void {}
  debug(): void {}
  info(): void {}
  silent(): void {}
  warn(...args: LogArgs): void {
    Reflect.apply(this.real.warn, this.real, args);
  }
  error(...args: LogArgs): void {
    Reflect.apply(this.real.error, this.real, args);
  }
  fatal(...args: LogArgs): void {
    Reflect.apply(this.real.fatal, this.real, args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

export const LOG_LEVEL = 'warn';
export function warnLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  if (opts.level !== LOG_LEVEL || opts.serializers) return logger.child(bindings, opts);
  return new WarnLog(logger, bindings, opts);
}
