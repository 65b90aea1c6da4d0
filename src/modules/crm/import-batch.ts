import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { HttpError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { createLinked, type NewCompany } from './companies-bulk.js';
import * as companies from './companies-service.js';
import * as contactsRepo from './contacts-repo.js';
import { createMany } from './contacts-bulk.js';
import * as contacts from './contacts-service.js';
import { listDefs, validateValues, type CustomFieldDef } from './custom-fields.js';
import type { ImportObject } from './import-mapping.js';
import type { CompanyLink, PreparedRow, RowError } from './import-rows.js';
import * as repo from './imports-repo.js';
import type { CompanyInput, ContactInput } from './schema.js';

/**
 * Decides what each row of a batch does (create, update, skip, reject) and, unless it is a dry
 * run, does it through the contacts and companies services in the caller's transaction, so the
 * audit log, timeline, search index and hooks see every write and a batch commits whole or not at all.
 * New contacts are collected and written together through `createMany` (one audit entry for them);
 * a later row with the email of a collected one first has the collection written, so it finds it.
 */
export const DEDUPE_MODES = ['create', 'update', 'skip'] as const;
export type Dedupe = (typeof DEDUPE_MODES)[number];
export type Action = 'create' | 'update' | 'skip' | 'reject';

export interface BatchOptions {
  object: ImportObject;
  dedupe: Dedupe;
  importId: string;
  defs: CustomFieldDef[];
  /** Decide only. `seen` carries the keys earlier batches of the file would have created. */
  dry?: { seen: Set<string> };
}

export interface Decision {
  row: number;
  action: Action;
  record?: ContactInput | CompanyInput;
  link?: CompanyLink;
}

export interface BatchResult {
  counts: repo.Counts;
  rejected: { row: number; errors: RowError[]; raw: string[] }[];
  decisions: Decision[];
}

const union = (a: string[], b: string[] | undefined): string[] => [...new Set([...a, ...(b ?? [])])];
const parse = <T>(s: string): T => JSON.parse(s) as T;

function httpErrors(err: HttpError): RowError[] {
  const details = Array.isArray(err.details) ? (err.details as { field?: unknown; message?: unknown }[]) : [];
  if (details.length === 0) return [{ field: 'row', column: null, message: err.message }];
  return details.map((d) => ({
    field: (typeof d.field === 'string' ? d.field : 'row').replace(/^body\./, '').replace(/^customFields\./, 'custom.'),
    column: null,
    message: typeof d.message === 'string' ? d.message : err.message,
  }));
}

/** The custom fields of a company created with none given, or null when a required one makes that impossible. */
async function newCompanyCustom(k: Kysely<Database>, workspaceId: string): Promise<Record<string, unknown> | null> {
  try {
    return validateValues(await listDefs(k, workspaceId, 'company'), undefined, {}, true);
  } catch (err) {
    if (err instanceof HttpError) return null;
    throw err;
  }
}

/** Required custom fields must be filled when a row creates a record (the services check it too, later). */
function missingRequired(defs: CustomFieldDef[], custom: Record<string, unknown> | undefined): RowError[] {
  try {
    validateValues(defs, custom, {}, true);
    return [];
  } catch (err) {
    if (err instanceof HttpError) return httpErrors(err);
    throw err;
  }
}

export async function processBatch(ctx: AppContext, scope: WorkspaceScope, k: Kysely<Database>, opts: BatchOptions, rows: PreparedRow[]): Promise<BatchResult> {
  const out: BatchResult = { counts: { created: 0, updated: 0, skipped: 0, rejected: 0 }, rejected: [], decisions: [] };
  const ws = scope.workspaceId;
  const valid = rows.filter((r) => !r.empty && r.errors.length === 0);
  // With `create` every valid row creates a contact whatever exists: no look-up by email.
  const contactMap =
    opts.object === 'contact' && opts.dedupe !== 'create'
      ? await repo.contactsByEmail(k, ws, [...new Set(valid.map((r) => r.key).filter((x): x is string => Boolean(x)))])
      : new Map<string, repo.ExistingContact>();
  const domains = new Set<string>();
  const names = new Set<string>();
  for (const r of valid) {
    const d = r.company?.domain ?? r.link?.domain;
    const n = r.company?.name ?? r.link?.name;
    if (d) domains.add(d);
    if (n) names.add(n.toLowerCase());
  }
  const { byDomain, byName } = await repo.companiesByKey(k, ws, [...domains], [...names]);
  /** Companies found above or created by this batch, in this transaction: createMany need not look them up again. */
  const knownCompanies = new Set<string>([...byDomain.values(), ...byName.values()].map((c) => c.id));

  const reject = (r: PreparedRow, errors: RowError[]) => {
    out.counts.rejected++;
    out.rejected.push({ row: r.row, errors, raw: r.raw });
    out.decisions.push({ row: r.row, action: 'reject' });
  };

  const findCompany = (domain: string | null | undefined, name: string | null | undefined): repo.ExistingCompany | undefined => {
    const hit = domain ? byDomain.get(domain) : undefined;
    if (hit) return hit;
    const byN = name ? byName.get(name.toLowerCase()) : undefined;
    return byN && (!domain || !byN.domain || byN.domain === domain) ? byN : undefined;
  };
  const remember = (c: repo.ExistingCompany) => {
    knownCompanies.add(c.id);
    if (c.domain && !byDomain.has(c.domain)) byDomain.set(c.domain, c);
    if (!byName.has(c.name.toLowerCase())) byName.set(c.name.toLowerCase(), c);
  };

  // New companies are created together (createLinked) before the first write that refers to them,
  // unless a required custom field of companies makes each creation fail on its own, as before.
  const bulkCustom = opts.dry ? null : await newCompanyCustom(k, ws);
  let newCompanies: NewCompany[] = [];
  const flushCompanies = async (): Promise<void> => {
    if (newCompanies.length === 0 || !bulkCustom) return;
    const list = newCompanies;
    newCompanies = [];
    await createLinked(ctx, scope, k, list, opts.importId, bulkCustom);
  };

  /** The company a contact row names: found by domain or name, else created by (and undone with) the import. */
  const linkCompany = async (link: CompanyLink): Promise<string> => {
    const found = findCompany(link.domain, link.name);
    if (found) return found.id;
    const name = link.name ?? link.domain ?? '';
    if (bulkCustom) {
      const id = newId('co');
      newCompanies.push({ id, name, domain: link.domain ?? null });
      remember({ id, name, domain: link.domain ?? null, tags: '[]' });
      return id;
    }
    const c = await companies.create(ctx, scope, { name, domain: link.domain ?? null }, { importId: opts.importId, trx: k });
    remember({ id: c.id, name: c.name, domain: c.domain, tags: '[]' });
    return c.id;
  };

  /** Contacts to create, in row order, each with the index of its decision. */
  let pending: { r: PreparedRow; input: ContactInput; decision: number }[] = [];
  const pendingKeys = new Set<string>();
  const flush = async (): Promise<void> => {
    await flushCompanies();
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingKeys.clear();
    const invalid = new Map<number, HttpError>();
    const views = await createMany(ctx, scope, batch.map((p) => p.input), { importId: opts.importId, trx: k, onInvalid: (i, err) => invalid.set(i, err), knownCompanies });
    let next = 0;
    batch.forEach(({ r, decision }, i) => {
      const err = invalid.get(i);
      if (err) {
        // Nothing of the row was written: it is rejected as `create` would have rejected it.
        out.counts.rejected++;
        out.rejected.push({ row: r.row, errors: httpErrors(err), raw: r.raw });
        out.decisions[decision] = { row: r.row, action: 'reject' };
        return;
      }
      const c = views[next++];
      if (!c) throw new Error('createMany returned fewer contacts than it was given');
      out.counts.created++;
      if (r.key) contactMap.set(r.key, { id: c.id, email: c.email, restricted: 0, tags: JSON.stringify(c.tags), emails: JSON.stringify(c.emails), phones: JSON.stringify(c.phones), company_id: c.companyId });
    });
  };

  for (const r of rows) {
    // A row naming a contact that is waiting to be created must see it (update or skip it).
    if (r.key && opts.dedupe !== 'create' && pendingKeys.has(r.key)) await flush();
    if (r.empty) {
      out.counts.skipped++;
      out.decisions.push({ row: r.row, action: 'skip' });
      continue;
    }
    if (r.errors.length) {
      reject(r, r.errors);
      continue;
    }
    const record = r.contact ?? r.company;
    if (!record) continue;
    const existing = opts.object === 'contact' ? (r.key ? contactMap.get(r.key) : undefined) : findCompany(r.company?.domain, r.company?.name);
    const known = Boolean(existing) || Boolean(r.key && opts.dry?.seen.has(r.key));
    const action: Action = !known || opts.dedupe === 'create' ? 'create' : opts.dedupe;
    if (action === 'skip') {
      out.counts.skipped++;
      out.decisions.push({ row: r.row, action, record });
      continue;
    }
    const contactRow = existing && 'restricted' in existing ? existing : undefined;
    if (action === 'update' && contactRow?.restricted === 1 && !scope.can('privacy.manage')) {
      reject(r, [{ field: 'email', column: null, message: 'this email belongs to a contact whose processing is restricted at their request; only a privacy officer may change it' }]);
      continue;
    }
    const required = action === 'create' ? missingRequired(opts.defs, record.customFields) : [];
    if (required.length) {
      reject(r, required);
      continue;
    }
    if (opts.dry) {
      if (action === 'create' && r.key) opts.dry.seen.add(r.key);
      out.counts[action === 'create' ? 'created' : 'updated']++;
      out.decisions.push({ row: r.row, action, record, ...(r.link ? { link: r.link } : {}) });
      continue;
    }
    try {
      if (r.contact) {
        const input: ContactInput = { ...r.contact };
        if (r.link) {
          const companyId = await linkCompany(r.link);
          if (action === 'create') input.companyId = companyId;
          else if (contactRow) {
            // Added beside the contact's companies, never replacing them.
            const linked = (await contactsRepo.companyIdsOf(k, [contactRow.id])).get(contactRow.id) ?? [];
            if (!linked.includes(companyId)) input.companyIds = [...linked, companyId];
          }
        }
        if (action === 'create') {
          pending.push({ r, input, decision: out.decisions.length });
          if (r.key) pendingKeys.add(r.key);
          out.decisions.push({ row: r.row, action, record });
          continue;
        } else if (contactRow) {
          // Lists are merged: an import adds tags, emails and phones, it does not take any away.
          input.tags = union(parse<string[]>(contactRow.tags), input.tags);
          if (input.emails) input.emails = [...new Map([...parse<{ email: string }[]>(contactRow.emails), ...input.emails].map((e) => [e.email.toLowerCase(), e])).values()];
          if (input.phones || input.phone) input.phones = [...new Map([...(input.phone ? [{ phone: input.phone }] : []), ...(input.phones ?? []), ...parse<{ phone: string }[]>(contactRow.phones)].map((p) => [p.phone, p])).values()].slice(0, 10);
          await flushCompanies();
          const c = await contacts.update(ctx, scope, contactRow.id, input, { trx: k });
          contactMap.set(c.email ?? r.key ?? '', { ...contactRow, tags: JSON.stringify(c.tags), emails: JSON.stringify(c.emails), phones: JSON.stringify(c.phones) });
        }
      } else if (r.company) {
        if (action === 'create') {
          const c = await companies.create(ctx, scope, r.company, { importId: opts.importId, trx: k });
          remember({ id: c.id, name: c.name, domain: c.domain, tags: JSON.stringify(c.tags) });
        } else if (existing) {
          await companies.update(ctx, scope, existing.id, { ...r.company, tags: union(parse<string[]>(existing.tags), r.company.tags) }, { trx: k });
        }
      }
    } catch (err) {
      // The services check input before they write: a refusal leaves nothing of this row behind.
      if (err instanceof HttpError && err.status < 500) {
        reject(r, httpErrors(err));
        continue;
      }
      throw err;
    }
    out.counts[action === 'create' ? 'created' : 'updated']++;
    out.decisions.push({ row: r.row, action, record });
  }
  await flush();
  out.rejected.sort((a, b) => a.row - b.row);
  return out;
}
