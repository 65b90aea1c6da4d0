import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import { HttpError } from './errors.js';

/**
 * Requests per client address in fixed windows, counted in memory and decided synchronously: for
 * public endpoints hit many times a second (the tracking beacon), where @fastify/rate-limit's
 * promises and per-request route look-up cost more than the endpoint's own work. Like that plugin's
 * local store it is per node, and IPv6 addresses count by their /64 network (one subscriber’s
 * network), IPv4-mapped IPv6 as the IPv4 address.
 *
 * All keys share one window: the counts start again when it ends. At `maxKeys` distinct addresses
 * in a window the counts also start again, so memory stays bounded; a client would need that many
 * addresses to profit, and with that many per-address limiting no longer applies anyway.
 */
export class WindowLimiter {
  private counts = new Map<string, number>();
  private ends = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request for `key`: 0 when it is allowed, else the whole seconds until the window ends. */
  take(key: string): number {
    const t = this.now();
    if (t >= this.ends || this.counts.size >= this.maxKeys) {
      this.counts.clear();
      this.ends = t + this.windowMs;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.max ? 0 : Math.max(1, Math.ceil((this.ends - t) / 1000));
  }
}

/** The key of a client address: IPv4 as is, IPv6 by its /64 network. */
export function addressKey(ip: string): string {
  return ip.includes(':') ? normalizeIP(ip, 64) : ip;
}

/** A route-level onRequest hook that refuses a client over `max` requests a window with 429 `rate_limited` and Retry-After. */
export function windowLimit(max: number, windowMs: number): (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  const limiter = new WindowLimiter(max, windowMs);
  return (req, reply, done) => {
    const wait = limiter.take(addressKey(req.ip));
    if (wait === 0) {
      done();
      return;
    }
    void reply.headers({ 'retry-after': String(wait), 'x-ratelimit-limit': String(max), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(wait) });
    done(new HttpError(429, 'rate_limited', `Too many requests, try again in ${wait} second${wait === 1 ? '' : 's'}`));
  };
}
