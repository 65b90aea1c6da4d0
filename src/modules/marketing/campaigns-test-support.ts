import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { join } from 'node:path';
import { expect } from 'vitest';
import { json, type OutboxMail, type TestApp } from '../../test/app.js';
import { call } from '../workspaces/test-support.js';
import { recordConsent } from '../privacy/consent.js';
import type { ConsentPurpose } from '../privacy/tables.js';

/** Helpers of the marketing tests (test code only). */
export interface Owner {
  cookie: string;
  userId: string;
  workspaceId: string;
}

export async function contact(ta: TestApp, o: Owner, body: Record<string, unknown>, consent: Partial<Record<ConsentPurpose, boolean>> = {}): Promise<string> {
  const res = await call(ta, 'POST', '/api/v1/contacts', o, body);
  expect(res.statusCode, res.body).toBe(201);
  const id = json<{ id: string }>(res).id;
  for (const [purpose, granted] of Object.entries(consent) as [ConsentPurpose, boolean][]) {
    ta.clock.advance(5);
    await recordConsent(ta.ctx, { workspaceId: o.workspaceId, contactId: id }, { purpose, granted, source: 'form' }, { actor: { type: 'user', id: o.userId } });
  }
  return id;
}

export async function listWith(ta: TestApp, o: Owner, contactIds: string[]): Promise<string> {
  const res = await call(ta, 'POST', '/api/v1/lists', o, { name: `List ${Math.random().toString(36).slice(2, 8)}` });
  expect(res.statusCode, res.body).toBe(201);
  const id = json<{ id: string }>(res).id;
  if (contactIds.length) {
    const add = await call(ta, 'POST', `/api/v1/lists/${id}/members`, o, { contactIds });
    expect(add.statusCode, add.body).toBe(200);
  }
  return id;
}

export interface CampaignJson {
  id: string;
  status: string;
  recipientsTotal: number | null;
  progress: { queued: number; sent: number; skipped: number; bounced: number };
}

/** Creates a campaign for the list, sends it and runs the jobs; returns the campaign as it ends. */
export async function sendCampaign(ta: TestApp, o: Owner, body: { category: string; listId: string; subject?: string; html?: string }): Promise<CampaignJson> {
  const res = await call(ta, 'POST', '/api/v1/campaigns', o, { name: 'Test campaign', subject: body.subject ?? 'Hello {{firstName}}', html: body.html ?? '<p>Hi {{firstName}}, see <a href="https://shop.example/new?x=1&amp;y=2">what is new</a>.</p>', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const id = json<{ id: string }>(res).id;
  const sent = await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, o, {});
  expect(sent.statusCode, sent.body).toBe(202);
  await ta.drain();
  return json<CampaignJson>(await call(ta, 'GET', `/api/v1/campaigns/${id}`, o));
}

export async function sendRows(ta: TestApp, campaignId: string) {
  return ta.ctx.db.k.selectFrom('marketing_sends').selectAll().where('campaign_id', '=', campaignId).execute();
}

/** Mails to `email` whose subject contains `subject`. */
export function mailsTo(all: OutboxMail[], email: string, subject: string): OutboxMail[] {
  return all.filter((m) => m.to.includes(email) && m.subject.includes(subject));
}

/** A header as written in the raw message (unfolded), or undefined. */
export function rawHeader(ta: TestApp, m: OutboxMail, name: string): string | undefined {
  const head = readFileSync(join(ta.t.dataDir, 'outbox', m.file), 'utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The one-click link of a mail, from its List-Unsubscribe header. */
export function unsubscribeUrl(ta: TestApp, m: OutboxMail): string {
  const url = /<(https?:\/\/[^>]+)>/.exec(rawHeader(ta, m, 'List-Unsubscribe') ?? '')?.[1];
  if (!url) throw new Error('no List-Unsubscribe URL');
  return url;
}

/**
 * Moves time on and runs what fell due. The table runner asks the app clock whether a job is due;
 * pg-boss asks the database server's clock, which a test cannot move, so jobs due by the app clock
 * are made due now by the server's.
 */
export async function passTime(ta: TestApp, ms: number): Promise<void> {
  ta.clock.advance(ms);
  const pg = ta.ctx.db.pg;
  if (pg) {
    await sql`update ${sql.id(`${pg.schema}_boss`, 'job')} set start_after = now() - interval '1 second'
      where state in ('created', 'retry') and start_after <= ${ta.clock.now().toISOString()}`.execute(ta.ctx.db.k);
  }
  await ta.drain();
}
