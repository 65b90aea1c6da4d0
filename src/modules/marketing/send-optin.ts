import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { DAY } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { renderMail } from '../../mail/layout.js';
import * as audit from '../audit/service.js';
import { recordConsent } from '../privacy/consent.js';
import type { DoubleOptIn } from './campaigns-tables.js';
import { confirmUrl, verifyToken } from './send-links.js';
import { languageOf } from './send-mail.js';

/**
 * Double opt-in: before the first marketing mail, the contact confirms by email that the address
 * is theirs and the consent was theirs. Who needs it: "EU" is read from the contact's country
 * (ISO 3166-1 alpha-2) — the EU member states plus the EEA states where the GDPR applies as well;
 * a contact without a country is not assumed to be in the EU. A workspace may require it of
 * everyone (`all`) or of nobody (`off`).
 */
const EEA = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO']);

export function needsDoubleOptIn(rule: DoubleOptIn, country: string | null): boolean {
  if (rule === 'all') return true;
  if (rule === 'off') return false;
  return country !== null && EEA.has(country.toUpperCase());
}

/** A confirmation mail is sent again only after this long without an answer. */
const RESEND_AFTER = 7 * DAY;

export async function isConfirmed(k: Kysely<Database>, workspaceId: string, contactId: string): Promise<boolean> {
  const r = await k.selectFrom('marketing_optins').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('confirmed_at', 'is not', null).limit(1).executeTakeFirst();
  return r !== undefined;
}

/**
 * Sends the confirmation mail unless the contact confirmed already or one went out within the
 * week. The campaign skips the contact meanwhile; later ones reach them once they confirm.
 * Returns whether a mail was sent.
 */
export async function requestConfirmation(ctx: AppContext, workspaceId: string, contactId: string): Promise<boolean> {
  const k = ctx.db.k;
  const rows = await k.selectFrom('marketing_optins').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('sent_at', 'desc').execute();
  if (rows.some((r) => r.confirmed_at !== null)) return false;
  const now = ctx.clock.now();
  const last = rows[0];
  if (last && now.getTime() - new Date(last.sent_at).getTime() < RESEND_AFTER) return false;
  const contact = await k.selectFrom('contacts').select(['email', 'locale']).where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
  const ws = await k.selectFrom('workspaces').select('name').where('id', '=', workspaceId).executeTakeFirst();
  if (!contact?.email) return false;
  const id = newId('opt', now.getTime());
  await k.insertInto('marketing_optins').values({ id, workspace_id: workspaceId, contact_id: contactId, sent_at: now.toISOString(), confirmed_at: null }).execute();
  const url = confirmUrl(ctx.config.baseUrl, ctx.secret, id);
  const name = ws?.name ?? 'Kodepos';
  const mail =
    languageOf(contact.locale) === 'id'
      ? renderMail({ subject: `Konfirmasi langganan email dari ${name}`, heading: 'Konfirmasi langganan Anda', paragraphs: [`${name} ingin mengirimi Anda email tentang produk dan penawarannya. Konfirmasikan bahwa alamat ini milik Anda dan Anda menginginkannya.`, 'Jika Anda tidak meminta ini, abaikan email ini: Anda tidak akan menerima email pemasaran.'], action: { label: 'Konfirmasi', url }, footer: name })
      : renderMail({ subject: `Confirm your subscription to ${name}`, heading: 'Confirm your subscription', paragraphs: [`${name} would like to send you emails about its products and offers. Please confirm that this address is yours and that you want them.`, 'If you did not ask for this, ignore this email: you will get no marketing mail.'], action: { label: 'Confirm', url }, footer: name });
  await ctx.mailer.send({ to: contact.email, ...mail, category: 'transactional' });
  return true;
}

export type ConfirmResult = 'confirmed' | 'already' | 'invalid';

/** The contact followed the link and pressed the button: the confirmation and a consent record. */
export async function confirm(ctx: AppContext, token: string, meta: { ipTruncated?: string | undefined; userAgent?: string | undefined }): Promise<ConfirmResult> {
  const id = verifyToken(ctx.secret, 'confirm', token);
  if (!id) return 'invalid';
  const row = await ctx.db.k.selectFrom('marketing_optins').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return 'invalid';
  if (row.confirmed_at) return 'already';
  const actor: audit.Actor = { type: 'subject', id: row.contact_id };
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.updateTable('marketing_optins').set({ confirmed_at: ctx.clock.now().toISOString() }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
    await recordConsent(ctx, { workspaceId: row.workspace_id, contactId: row.contact_id }, { purpose: 'marketing', granted: true, source: 'form', wordingVersion: 'email:double_opt_in', ...meta }, { actor, trx });
  });
  return 'confirmed';
}
