import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';

/** The consent banner's source (snippet/src), bundled into one file at start: no build step to forget. */
const ENTRY = resolve(import.meta.dirname, '../../../snippet/src/index.ts');

export interface BuiltSnippet {
  code: Buffer;
  etag: string;
}

let built: BuiltSnippet | null = null;

/** Bundles and minifies the snippet once per process (about 50 ms); a broken snippet fails the start. */
export function buildSnippet(): BuiltSnippet {
  if (built) return built;
  const out = buildSync({ entryPoints: [ENTRY], bundle: true, minify: true, format: 'iife', target: 'es2018', write: false, legalComments: 'none', logLevel: 'silent' });
  const file = out.outputFiles[0];
  if (!file) throw new Error('snippet build produced no output');
  const code = Buffer.from(file.contents);
  built = { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"` };
  return built;
}

export function snippetRoutes(root: FastifyInstance, _ctx: AppContext): void {
  const snippet = buildSnippet();

  // A static asset, not an API operation (like /privacy): hidden from the OpenAPI document.
  root.get('/snippet.js', { schema: { hide: true } }, async (req, reply) => {
    void reply
      .header('content-type', 'text/javascript; charset=utf-8')
      // Sites embed an unversioned URL: an hour fresh, then revalidated by ETag (a 304 costs no body).
      .header('cache-control', 'public, max-age=3600, stale-while-revalidate=86400')
      .header('etag', snippet.etag)
      .header('access-control-allow-origin', '*')
      // Loaded by other sites' pages: the default same-origin resource policy would block it there.
      .header('cross-origin-resource-policy', 'cross-origin');
    const match = req.headers['if-none-match'];
    if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === snippet.etag)) return reply.status(304).send();
    return reply.send(snippet.code);
  });
}
