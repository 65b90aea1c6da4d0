import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { newId } from '../../lib/ids.js';
import { addMember, call, expectError, type Member } from '../workspaces/test-support.js';
import { countViews, maxWarnMinutes } from './tickets-repo.js';
import type { TicketView } from './tickets-schema.js';
import { newTicket, owner, patch, reply, type Auth } from './tickets-test-support.js';

type Page = { data: TicketView[]; nextCursor: string | null };

describe.each(testDialects)('ticket views, filters and pages on %s', (dialect) => {
  let ta: TestApp;
  let a: Auth;
  let m: Member;
  const list = async (who: Auth | Member, qs: string): Promise<Page> => {
    const res = await call(ta, 'GET', `/api/v1/tickets?${qs}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return json<Page>(res);
  };
  const numbers = (p: Page): number[] => p.data.map((t) => t.number).sort((x, y) => x - y);

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await owner(ta);
    m = await addMember(ta, a, { email: `views-m-${dialect}@example.com` }, 'member');
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('mine, unassigned and filters by status, priority, assignee, tag, requester contact and q', async () => {
    const t1 = await newTicket(ta, a, { subject: 'Invoice wrong', requesterEmail: 'v1@example.com', assigneeId: m.userId, priority: 'high', tags: ['billing'] });
    const t2 = await newTicket(ta, a, { subject: 'Login fails', requesterEmail: 'v2@example.com', tags: ['auth', 'billing'] });
    const t3 = await newTicket(ta, a, { subject: 'Printer 100% broken', requesterEmail: 'v3@example.com', assigneeId: a.userId });
    await patch(ta, a, t3.id, { status: 'solved' });
    expect(numbers(await list(m, 'view=mine'))).toEqual([t1.number]);
    expect(numbers(await list(a, 'view=mine'))).toEqual([]);
    expect(numbers(await list(a, 'view=unassigned'))).toEqual([t2.number]);
    expect(numbers(await list(a, 'status=solved'))).toEqual([t3.number]);
    expect(numbers(await list(a, 'status=new,solved'))).toEqual([t1.number, t2.number, t3.number]);
    expect(numbers(await list(a, 'priority=high'))).toEqual([t1.number]);
    expect(numbers(await list(a, `assigneeId=${m.userId}`))).toEqual([t1.number]);
    expect(numbers(await list(a, 'tag=billing'))).toEqual([t1.number, t2.number]);
    expect(numbers(await list(a, 'tag=bill'))).toEqual([]);
    expect(numbers(await list(a, `requesterContactId=${t2.requester.contactId ?? ''}`))).toEqual([t2.number]);
    expect(numbers(await list(a, 'q=login'))).toEqual([t2.number]);
    expect(numbers(await list(a, 'q=100%25'))).toEqual([t3.number]);
    expect(numbers(await list(a, 'q=V1%40Example.com'))).toEqual([t1.number]);
    expect(numbers(await list(a, `q=%23${t2.number}`))).toEqual([t2.number]);
    expectError(await call(ta, 'GET', '/api/v1/tickets?status=nope', a), 400, 'validation_failed');
  });

  it('breaching: open tickets whose first response or resolution is due within the warning window, or missed', async () => {
    const now = ta.clock.now().getTime();
    const at = (min: number): string => new Date(now + min * 60_000).toISOString();
    const policy = newId('sla');
    const calendar = newId('cal');
    const iso = ta.clock.now().toISOString();
    await ta.ctx.db.k.insertInto('service_calendars').values({ id: calendar, workspace_id: a.workspaceId, name: 'Office', time_zone: 'Asia/Jakarta', hours: '{}', holiday_regions: '[]', extra_holidays: '[]', created_at: iso, updated_at: iso }).execute();
    await ta.ctx.db.k.insertInto('sla_policies').values({ id: policy, workspace_id: a.workspaceId, name: 'Wide', calendar_id: calendar, targets: '{}', warn_before_minutes: 180, is_default: 0, created_at: iso, updated_at: iso }).execute();
    const set = async (id: string, cols: Record<string, string | null>): Promise<void> => {
      await ta.ctx.db.k.updateTable('tickets').set(cols).where('id', '=', id).execute();
    };
    const soon = await newTicket(ta, a, { subject: 'due soon' });
    await set(soon.id, { first_response_due_at: at(30) });
    const later = await newTicket(ta, a, { subject: 'due later' });
    await set(later.id, { first_response_due_at: at(120), resolution_due_at: at(600) });
    const widePolicy = await newTicket(ta, a, { subject: 'due later, wide warning' });
    await set(widePolicy.id, { sla_policy_id: policy, resolution_due_at: at(120) });
    const answered = await newTicket(ta, a, { subject: 'answered' });
    await set(answered.id, { first_response_due_at: at(10), first_responded_at: at(-5) });
    const missed = await newTicket(ta, a, { subject: 'missed' });
    await set(missed.id, { resolution_due_at: at(-60), resolution_breached_at: at(-60) });
    const solved = await newTicket(ta, a, { subject: 'solved' });
    await set(solved.id, { resolution_due_at: at(5) });
    await patch(ta, a, solved.id, { status: 'solved' });
    const found = numbers(await list(a, 'view=breaching'));
    expect(found).toEqual([soon.number, widePolicy.number, missed.number].sort((x, y) => x - y));
  });

  it('counts what the mine, unassigned and breaching views hold, capped, and nothing of another workspace', async () => {
    type Counts = { mine: number | null; unassigned: number; breaching: number; cap: number };
    const counts = async (who: Auth | Member): Promise<Counts> => {
      const res = await call(ta, 'GET', '/api/v1/tickets/view-counts', who);
      expect(res.statusCode, res.body).toBe(200);
      return json<Counts>(res);
    };
    for (const who of [a, m]) {
      const c = await counts(who);
      expect(c).toEqual({ mine: (await list(who, 'view=mine&limit=200')).data.length, unassigned: (await list(who, 'view=unassigned&limit=200')).data.length, breaching: (await list(who, 'view=breaching&limit=200')).data.length, cap: 1000 });
    }
    const before = await counts(a);
    expect(before.breaching).toBeGreaterThan(0);
    await newTicket(ta, a, { subject: 'nobody has it yet' });
    expect((await counts(a)).unassigned).toBe(before.unassigned + 1);
    // Each count stops at the cap, whatever the desk holds.
    const capped = await countViews(ta.ctx.db.k, { workspaceId: a.workspaceId, dialect: ta.ctx.db.dialect, now: ta.clock.now().toISOString(), userId: a.userId }, await maxWarnMinutes(ta.ctx.db.k, a.workspaceId), 1);
    expect(capped).toEqual({ mine: Math.min(before.mine ?? 0, 1), unassigned: 1, breaching: 1 });
    // Another workspace sees its own (empty) desk.
    const other = await owner(ta, 'views-other');
    expect(await counts(other)).toEqual({ mine: 0, unassigned: 0, breaching: 0, cap: 1000 });
  });

  it('pages by latest activity with a cursor, no row twice or missed; a reply moves a ticket to the top', async () => {
    const b = await owner(ta, 'pages');
    const made: TicketView[] = [];
    for (let i = 0; i < 7; i++) {
      ta.clock.advance(1000);
      made.push(await newTicket(ta, b, { subject: `Page ${i}` }));
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await list(b, `limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.data.map((t) => t.number));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    ta.clock.advance(1000);
    await reply(ta, b, made[0]!.id, { body: 'bump', internal: true });
    expect((await list(b, 'limit=1')).data[0]?.number).toBe(1);
  });
});
