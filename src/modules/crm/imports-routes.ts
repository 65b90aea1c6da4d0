import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { badRequest, HttpError } from '../../http/errors.js';
import { errors, errorSchema, idParams } from '../../http/schemas.js';
import { newId } from '../../lib/ids.js';
import * as exporter from './export-service.js';
import { DEDUPE_MODES } from './import-batch.js';
import { MAX_FILE_BYTES, removeImportFile, saveUpload, tooLarge } from './import-file.js';
import * as imports from './imports-service.js';
import { IMPORT_STATUSES } from './imports-tables.js';
import { listParams } from './schema.js';

const tags = ['imports'];

const mappingSchema = z.array(z.object({ column: z.string(), field: z.string().nullable() }));
const rowError = z.object({ field: z.string(), column: z.string().nullable(), message: z.string() });

const importView = z.object({
  id: z.string(),
  object: z.string(),
  status: z.enum(IMPORT_STATUSES),
  processed: z.number(),
  total: z.number(),
  errors: z.number().describe('rows refused'),
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  fileName: z.string().nullable(),
  dedupe: z.string(),
  mapping: mappingSchema,
  jobId: z.string().nullable(),
  undoJobId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});

const previewSchema = z.object({
  id: z.string(),
  status: z.literal('previewed'),
  object: z.enum(['contact', 'company']),
  total: z.number(),
  mapping: mappingSchema,
  preview: z.array(z.object({ row: z.number(), action: z.string(), record: z.record(z.string(), z.unknown()) })).describe('the first 20 rows as they would be written'),
  errors: z.array(rowError.extend({ row: z.number() })).describe('the first 100 problems'),
  errorCount: z.number(),
  wouldCreate: z.number(),
  wouldUpdate: z.number(),
  wouldSkip: z.number(),
});

/** The multipart fields, for the OpenAPI document and for checking the text fields. */
const uploadDoc = z.object({
  file: z.string().meta({ format: 'binary' }).describe('the CSV (UTF-8 with or without BOM, or UTF-16 with BOM; at most 50 MB; header row first)'),
  object: z.enum(['contact', 'company']),
  mapping: z.string().max(100_000).optional().describe('JSON {"<csv header>": "<field>" | null} over the automatic mapping'),
  dedupe: z.enum(DEDUPE_MODES).default('update').describe('what a row whose email (contacts) or domain (companies) exists does'),
  dryRun: z.enum(['true', 'false', '1', '0']).default('false').describe('true: decide every row, write nothing, answer 200 with a preview'),
});
const uploadFields = uploadDoc.omit({ file: true });

/** Multipart and busboy errors in our error shape: a size limit is 413, anything else malformed a 400. */
function uploadError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (e.statusCode === 413) return new HttpError(413, 'payload_too_large', 'Too many parts: send one file and the fields object, mapping, dedupe and dryRun');
  return new HttpError(400, 'invalid_multipart', 'The multipart body could not be read');
}

function parseMapping(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw badRequest('validation_failed', 'mapping must be JSON', [{ field: 'body.mapping', message: 'invalid JSON' }]);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('validation_failed', 'mapping must be a JSON object', [{ field: 'body.mapping', message: 'must be {"<csv header>": "<field>" | null}' }]);
  return v as Record<string, unknown>;
}

export function importsRoutes(root: FastifyInstance, ctx: AppContext): void {

  // Multipart only where an upload is expected: the parser is scoped to this plugin.
  void root.register(async (inst) => {
    await inst.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 100_000, parts: 12, headerPairs: 100 } });
    const app = inst.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/v1/imports',
      {
        schema: {
          tags,
          summary: 'Upload a CSV of contacts or companies: 202 and a job, or 200 with a preview for dryRun=true',
          consumes: ['multipart/form-data'],
          body: uploadDoc,
          response: { 200: previewSchema, 202: z.object({ id: z.string(), status: z.literal('queued'), jobId: z.string() }), 413: errorSchema, 415: errorSchema, ...errors },
        },
        // The body is a stream read in the handler; the schema above documents it.
        validatorCompiler: () => () => true,
      },
      async (req, reply) => {
        const scope = await requireWorkspace(ctx, req, 'records.write');
        if (!req.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Send multipart/form-data with the fields file and object (and optionally mapping, dedupe, dryRun)');
        const id = newId('imp');
        const fields: Record<string, string> = {};
        let fileName: string | null | undefined;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'field') {
              if (typeof part.value === 'string') fields[part.fieldname] = part.value;
              continue;
            }
            if (part.fieldname !== 'file' || fileName !== undefined) {
              part.file.resume();
              throw badRequest('validation_failed', 'Send one CSV, in the field "file"', [{ field: 'body.file', message: 'exactly one file, named file' }]);
            }
            await saveUpload(part.file, ctx.config.dataDir, id, () => part.file.truncated);
            fileName = part.filename || null;
          }
        } catch (err) {
          await removeImportFile(ctx.config.dataDir, id);
          throw uploadError(err);
        }
        try {
          if (fileName === undefined) throw badRequest('validation_failed', 'Send the CSV in the multipart field "file"', [{ field: 'body.file', message: 'required' }]);
          const parsed = uploadFields.safeParse(fields);
          if (!parsed.success) throw badRequest('validation_failed', 'Some fields are missing or invalid', parsed.error.issues.map((i) => ({ field: ['body', ...i.path.map(String)].join('.'), message: i.message })));
          const f = parsed.data;
          const result = await imports.start(ctx, scope, { id, fileName, object: f.object, dedupe: f.dedupe, dryRun: f.dryRun === 'true' || f.dryRun === '1', mapping: parseMapping(f.mapping) });
          return await reply.status(result.status === 'previewed' ? 200 : 202).send(result);
        } catch (err) {
          await removeImportFile(ctx.config.dataDir, id);
          throw err;
        }
      },
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/imports', { schema: { tags, summary: 'Imports of the workspace, newest first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() }), response: { 200: z.object({ data: z.array(importView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return imports.list(ctx, scope, req.query.limit, req.query.cursor);
  });

  app.get('/api/v1/imports/:id', { schema: { tags, summary: 'Progress and counts of an import', params: idParams, response: { 200: importView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return imports.get(ctx, scope, req.params.id);
  });

  app.delete('/api/v1/imports/:id', { schema: { tags, summary: 'Forget an import and its rejected rows (the records it created stay)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await imports.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/imports/:id/rejected.csv', { schema: { tags, summary: 'The refused rows with an error column, as formula-safe CSV', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    const { filename, body } = await imports.rejectedCsv(ctx, scope, req.params.id);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(body);
  });

  app.post('/api/v1/imports/:id/undo', { schema: { tags, summary: 'Delete the contacts and companies the import created (a job); its updates are not reverted', params: idParams, response: { 202: z.object({ id: z.string(), jobId: z.string(), message: z.string() }), ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(202).send(await imports.undo(ctx, scope, req.params.id));
  });

  const exportQuery = listParams.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'json']).default('csv') });
  for (const [object, path] of [['contact', '/api/v1/contacts/export'], ['company', '/api/v1/companies/export']] as const) {
    app.get(path, { schema: { tags: [object === 'contact' ? 'contacts' : 'companies'], summary: `Export ${object === 'contact' ? 'contacts (restricted ones only for privacy managers)' : 'companies'} as CSV or JSON, with the list's filter, sort, view and q`, querystring: exportQuery } }, async (req, reply) => {
      const scope = await requireWorkspace(ctx, req, 'records.read');
      const out = await exporter.exportRecords(ctx, scope, object, req.query, req.query.format);
      return reply.header('content-type', out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).header('cache-control', 'no-store').send(out.body);
    });
  }
}
