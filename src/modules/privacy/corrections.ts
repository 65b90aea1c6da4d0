/**
 * Correction (policy §6, GDPR Art. 16, UU PDP Pasal 30): the subject proposes values for personal
 * columns of their own record — users (platform scope) or contacts (workspace scope). Columns the
 * data map marks self-service apply as soon as the request is verified; the officer applies or
 * declines the others one by one. Every change is audited by field name, never by value.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { HttpError, badRequest } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import * as contacts from '../crm/contacts-service.js';
import type { ContactInput } from '../crm/schema.js';
import { columnsOf } from './datamap.js';
import type { CorrectionRow } from './requests-repo.js';

/**
 * What a correction may change, with how to apply it. Credentials, sign-in addresses (changed
 * through account settings, with verification), JSON lists and derived keys are left out.
 */
const CONTACT_INPUT: Record<string, (v: string | null) => ContactInput> = {
  first_name: (v) => ({ firstName: v }),
  last_name: (v) => ({ lastName: v }),
  email: (v) => ({ email: v }),
  phone: (v) => ({ phone: v }),
  title: (v) => ({ title: v }),
  address_line1: (v) => ({ address: { line1: v } }),
  address_line2: (v) => ({ address: { line2: v } }),
  city: (v) => ({ address: { city: v } }),
  region: (v) => ({ address: { region: v } }),
  postal_code: (v) => ({ address: { postalCode: v } }),
  country: (v) => ({ address: { country: v } }),
  time_zone: (v) => ({ timeZone: v }),
  locale: (v) => ({ locale: v }),
};
const USER_COLUMNS = ['name', 'phone', 'company', 'locale'] as const;
type UserColumn = (typeof USER_COLUMNS)[number];

export interface CorrectableField {
  field: string;
  table: 'users' | 'contacts';
  column: string;
  label: string;
  selfService: boolean;
}

/** The correctable columns of a scope's subject table, from the data map. */
export function correctableFields(scope: 'platform' | 'workspace'): CorrectableField[] {
  const table = scope === 'platform' ? 'users' : 'contacts';
  const allowed: readonly string[] = table === 'users' ? USER_COLUMNS : Object.keys(CONTACT_INPUT);
  return columnsOf(table)
    .filter((c) => c.personal && c.category !== 'credential' && allowed.includes(c.column))
    .map((c) => ({ field: `${table}.${c.column}`, table, column: c.column, label: c.description, selfService: c.personal && c.selfService === true }));
}

export function fieldInfo(table: string, column: string): CorrectableField | undefined {
  return correctableFields(table === 'users' ? 'platform' : 'workspace').find((f) => f.table === table && f.column === column);
}

/** Checks proposed fields against the scope; 400 `field_not_correctable` names the first bad one. */
export function checkProposals(scope: 'platform' | 'workspace', proposals: { field: string; value: string }[]): CorrectableField[] {
  const fields = correctableFields(scope);
  return proposals.map((p, i) => {
    const f = fields.find((x) => x.field === p.field);
    if (!f) {
      throw badRequest('field_not_correctable', `${p.field.slice(0, 100)} is not a correctable field here`, [{ field: `body.corrections.${i}.field`, message: `one of ${fields.map((x) => x.field).join(', ')}` }]);
    }
    return f;
  });
}

/** The value the subject's row holds now (shown beside the proposal). */
export async function currentValue(k: Kysely<Database>, c: CorrectionRow): Promise<string | null> {
  if (!c.row_id) return null;
  if (c.table_name === 'users' && (USER_COLUMNS as readonly string[]).includes(c.column_name)) {
    const r = await k.selectFrom('users').select(c.column_name as UserColumn).where('id', '=', c.row_id).executeTakeFirst();
    return (r?.[c.column_name as UserColumn]) ?? null;
  }
  if (c.table_name === 'contacts' && c.workspace_id && Object.hasOwn(CONTACT_INPUT, c.column_name)) {
    const col = c.column_name as 'first_name';
    const r = await k.selectFrom('contacts').select(col).where('workspace_id', '=', c.workspace_id).where('id', '=', c.row_id).executeTakeFirst();
    return r?.[col] ?? null;
  }
  return null;
}

/** Writes one correction to the subject's row, in the caller's transaction. */
export async function applyCorrection(ctx: AppContext, trx: Kysely<Database>, c: CorrectionRow, actor: audit.Actor): Promise<void> {
  if (!c.row_id) throw new HttpError(409, 'subject_not_found', 'No record of this person was found to correct');
  const value = c.proposed_value === null || c.proposed_value.trim() === '' ? null : c.proposed_value.trim();
  if (c.table_name === 'users') {
    const column = c.column_name as UserColumn;
    if (!USER_COLUMNS.includes(column)) throw badRequest('field_not_correctable', 'This field cannot be corrected');
    if (column === 'name' && !value) throw badRequest('invalid_value', 'A name cannot be empty');
    if (column === 'locale' && value !== 'en' && value !== 'id') throw badRequest('invalid_value', 'The language must be en or id');
    await trx.updateTable('users').set({ [column]: value ?? (column === 'locale' ? 'en' : null), updated_at: ctx.clock.now().toISOString() }).where('id', '=', c.row_id).execute();
    await audit.record(ctx.db, ctx.clock, { actor, action: 'user.corrected', target: { type: 'user', id: c.row_id }, details: { fields: [column], request: c.request_id } }, trx);
    return;
  }
  const toInput = CONTACT_INPUT[c.column_name];
  if (!toInput || !c.workspace_id) throw badRequest('field_not_correctable', 'This field cannot be corrected');
  // Through the CRM service, so derived keys, history, the audit entry and webhooks follow as for any edit.
  const scope = { workspaceId: c.workspace_id, role: null, userId: actor.type === 'user' ? actor.id : null, actor, can: () => true };
  await contacts.update(ctx, scope, c.row_id, toInput(value), { trx, skipCustomRequired: true });
}
