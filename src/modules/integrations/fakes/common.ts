import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The shared part of the local provider fakes: a node:http server on a random loopback port that
 * records every request, can be told to answer the next calls with 429 (Retry-After) or 5xx, and
 * hands the rest to the provider's handler. Tests read `received` to see exactly what left.
 */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: Received) => Answer | Promise<Answer>;

export interface Fake {
  url: string;
  received: Received[];
  /** Answers for the next requests, before the handler runs (e.g. a 429 then a 503). */
  failNext(...answers: Answer[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { __invalidJson: text };
  }
}

function send(res: ServerResponse, a: Answer, contentType: string): void {
  const body = a.body === undefined ? '' : JSON.stringify(a.body);
  res.writeHead(a.status, { ...(body ? { 'Content-Type': contentType } : {}), ...a.headers });
  res.end(body);
}

export async function startFake(handler: Handler, opts: { prefix?: string; contentType?: string } = {}): Promise<Fake> {
  const received: Received[] = [];
  const forced: Answer[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const r: Received = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body: await readBody(req) };
      received.push(r);
      const ct = opts.contentType ?? 'application/json';
      const next = forced.shift();
      if (next) return send(res, next, ct);
      try {
        send(res, await handler(r), ct);
      } catch (err) {
        send(res, { status: 500, body: { error: (err as Error).message } }, ct);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${opts.prefix ?? ''}`,
    received,
    failNext: (...a) => forced.push(...a),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isSha256 = (x: unknown): boolean => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
