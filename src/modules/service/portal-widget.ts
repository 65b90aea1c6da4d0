import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

/**
 * The help widget (snippet/src/widget.ts), bundled at start like the consent snippet and served
 * at /widget.js: a file of its own, fetched only by pages whose snippet tag has data-help="true".
 */
const ENTRY = resolve(import.meta.dirname, '../../../snippet/src/widget.ts');

export interface BuiltWidget {
  code: Buffer;
  etag: string;
}

let built: BuiltWidget | null = null;

export function buildWidget(): BuiltWidget {
  if (built) return built;
  const out = buildSync({ entryPoints: [ENTRY], bundle: true, minify: true, format: 'iife', target: 'es2018', write: false, legalComments: 'none', logLevel: 'silent' });
  const file = out.outputFiles[0];
  if (!file) throw new Error('widget build produced no output');
  const code = Buffer.from(file.contents);
  built = { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"` };
  return built;
}

export function widgetRoutes(root: FastifyInstance, _ctx: AppContext): void {
  const widget = buildWidget();
  root.get('/widget.js', { schema: { hide: true } }, async (req, reply) => {
    void reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600, stale-while-revalidate=86400')
      .header('etag', widget.etag)
      .header('access-control-allow-origin', '*')
      // Loaded by customers' pages: the default same-origin resource policy would block it there.
      .header('cross-origin-resource-policy', 'cross-origin');
    const match = req.headers['if-none-match'];
    if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === widget.etag)) return reply.status(304).send();
    return reply.send(widget.code);
  });
}
