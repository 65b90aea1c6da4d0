import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, HttpError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { insertEvents, insertRows } from './bulk-sql.js';
import * as repo from './contacts-repo.js';
import { columns, toView } from './contacts-service.js';
import { listDefs, validateValues, type CustomFieldDef } from './custom-fields.js';
import { emitRecordChanges } from './hooks.js';
import type { ContactInput, ContactView } from './schema.js';

/**
 * Creating many contacts at once (import batches): each input is checked exactly as `create`
 * checks it, then the batch is written with multi-row inserts, one 'created' timeline event per
 * contact, ONE audit entry for the batch (ids only) and one hooks call, so the search index and
 * webhook outbox handle the batch in bulk too.
 */
export interface CreateManyOptions {
  importId?: string;
  trx?: Kysely<Database>;
  /**
   * Report an invalid input (by its index) and leave it out, instead of refusing the whole batch.
   * Either way nothing is written for an invalid input.
   */
  onInvalid?: (index: number, err: HttpError) => void;
  /**
   * Ids of companies the caller has just found or created in this workspace within `trx` (an import
   * batch): they need no look-up. Any other linked id is looked up as usual.
   */
  knownCompanies?: ReadonlySet<string>;
}

/** Contacts per insert statement: 29 parameters each, within both databases' limits (SQLite 32,766, PostgreSQL 65,535). */
const CONTACTS_PER_INSERT = 200;
/** Company links per insert statement: 5 parameters each. */
const LINKS_PER_INSERT = 256;

interface Checked {
  index: number;
  cols: ReturnType<typeof columns>;
  companyIds: string[] | undefined;
  custom: Record<string, unknown>;
}

interface Lookups {
  defs: CustomFieldDef[];
  members: Set<string>;
  companies: Set<string>;
}

/** What `create` checks, against lookups made once for the batch; throws the same errors. */
function checkOne(input: ContactInput, index: number, l: Lookups): Checked {
  const cols = columns(input);
  if (!cols.first_name && !cols.last_name && !cols.email && !cols.phone) {
    throw badRequest('validation_failed', 'A contact needs a name, an email or a phone', [{ field: 'body.firstName', message: 'name, email or phone required' }]);
  }
  const details: { field: string; message: string }[] = [];
  if (input.ownerId && !l.members.has(input.ownerId)) details.push({ field: 'body.ownerId', message: 'not a member of this workspace' });
  let companyIds: string[] | undefined;
  if (input.companyIds !== undefined || input.companyId !== undefined) {
    companyIds = [...new Set([...(input.companyId ? [input.companyId] : []), ...(input.companyIds ?? [])])];
    for (const id of companyIds) if (!l.companies.has(id)) details.push({ field: 'body.companyIds', message: `no company ${id.slice(0, 40)} in this workspace` });
  }
  if (details.length) throw badRequest('validation_failed', 'Some linked records do not exist', details);
  const custom = validateValues(l.defs, input.customFields, {}, true);
  return { index, cols, companyIds, custom };
}

async function lookups(k: Kysely<Database>, workspaceId: string, inputs: ContactInput[], known: ReadonlySet<string> = new Set()): Promise<Lookups> {
  const owners = new Set<string>();
  const unknown = new Set<string>();
  for (const input of inputs) {
    if (input.ownerId) owners.add(input.ownerId);
    for (const id of input.companyId ? [input.companyId, ...(input.companyIds ?? [])] : (input.companyIds ?? [])) if (!known.has(id)) unknown.add(id);
  }
  const companies = await repo.existingCompanyIds(k, workspaceId, [...unknown]);
  for (const input of inputs) {
    for (const id of input.companyId ? [input.companyId, ...(input.companyIds ?? [])] : (input.companyIds ?? [])) if (known.has(id)) companies.add(id);
  }
  return {
    defs: await listDefs(k, workspaceId, 'contact'),
    members: await repo.memberUserIds(k, workspaceId, [...owners]),
    companies,
  };
}

/** A batch refused whole: each problem names the index of its input (`body[3].customFields.size`). */
function batchError(bad: { index: number; err: HttpError }[]): HttpError {
  const details = bad.flatMap(({ index, err }) => {
    const list = Array.isArray(err.details) ? (err.details as { field?: unknown; message?: unknown }[]) : [];
    const items = list.length ? list : [{ field: 'body', message: err.message }];
    return items.map((d) => ({
      index,
      field: `body[${index}]${typeof d.field === 'string' ? d.field.replace(/^body/, '') : ''}`,
      message: typeof d.message === 'string' ? d.message : err.message,
    }));
  });
  return badRequest('validation_failed', `${bad.length} of the contacts are invalid`, details);
}

/** Creates the valid inputs; returns their views in input order (all of them unless `onInvalid` skipped some). */
export async function createMany(ctx: AppContext, scope: WorkspaceScope, inputs: ContactInput[], opts: CreateManyOptions = {}): Promise<ContactView[]> {
  const run = async (trx: Kysely<Database>): Promise<ContactView[]> => {
    const ws = scope.workspaceId;
    const l = await lookups(trx, ws, inputs, opts.knownCompanies);
    const ok: Checked[] = [];
    const bad: { index: number; err: HttpError }[] = [];
    inputs.forEach((input, index) => {
      try {
        ok.push(checkOne(input, index, l));
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        bad.push({ index, err });
      }
    });
    if (bad.length) {
      if (!opts.onInvalid) throw batchError(bad);
      for (const b of bad) opts.onInvalid(b.index, b.err);
    }
    if (ok.length === 0) return [];

    const at = ctx.clock.now().toISOString();
    const rows: repo.ContactRow[] = ok.map((c) => ({ id: newId('ct'), workspace_id: ws, ...c.cols, custom_fields: JSON.stringify(c.custom), restricted: 0, import_id: opts.importId ?? null, created_at: at, updated_at: at }));
    await insertRows(trx, ctx.db.dialect, 'contacts', rows, CONTACTS_PER_INSERT);
    // The rows repo.insertCompanyLinks writes, as compiled statements.
    const links = rows.flatMap((r, i) => (ok[i]?.companyIds ?? []).map((companyId) => ({ workspace_id: ws, contact_id: r.id, company_id: companyId, role: null, created_at: at })));
    await insertRows(trx, ctx.db.dialect, 'contact_companies', links, LINKS_PER_INSERT);
    const views = rows.map((r, i) => toView(r, ok[i]?.companyIds ?? []));
    const events = rows.map((r) => ({ workspaceId: ws, objectType: 'contact' as const, objectId: r.id, kind: 'created', actor: scope.actor, at }));
    await insertEvents(trx, ctx.db.dialect, events);
    const ids = rows.map((r) => r.id);
    await audit.record(
      ctx.db,
      ctx.clock,
      {
        actor: scope.actor,
        workspaceId: ws,
        action: 'contact.imported',
        ...(opts.importId ? { target: { type: 'import', id: opts.importId } } : {}),
        details: { ...(opts.importId ? { importId: opts.importId } : {}), count: ids.length, ids },
      },
      trx,
    );
    await emitRecordChanges(
      ctx,
      trx,
      views.map((view) => ({ workspaceId: ws, objectType: 'contact', id: view.id, kind: 'created', record: { ...view }, changedFields: [], actor: scope.actor })),
    );
    return views;
  };
  return opts.trx ? run(opts.trx) : ctx.db.k.transaction().execute(run);
}
