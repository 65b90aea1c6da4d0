import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../lib/clock.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, newMails, type Member } from '../workspaces/test-support.js';

interface Activity {
  id: string;
  type: string;
  subject: string;
  dueAt: string | null;
  done: boolean;
  doneAt: string | null;
  assigneeId: string | null;
  reminderAt: string | null;
  remindedAt: string | null;
  durationMinutes: number | null;
  outcome: string | null;
  contactId: string | null;
}

interface Page {
  data: Activity[];
  nextCursor: string | null;
}

interface TimelineEntry {
  id: string;
  at: string;
  source: 'activity' | 'event';
  kind: string;
  activity?: Activity;
  changes?: Record<string, { from: unknown; to: unknown }> | null;
}

interface ErrorBody {
  error: { code: string; details?: { field: string }[] };
}

type Who = { cookie: string };

describe.each(testDialects)('activities on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; userId: string; workspaceId: string };
  let sari: Member;
  let contactId: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who: Who = owner) =>
    ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie: who.cookie } });
  const create = async (payload: Record<string, unknown>, who: Who = owner): Promise<Activity> => {
    const res = await call('POST', '/api/v1/activities', payload, who);
    expect(res.statusCode, res.body).toBe(201);
    return json<Activity>(res);
  };
  const fields = (body: string): string[] => ((JSON.parse(body) as ErrorBody).error.details ?? []).map((d) => d.field);
  const inHours = (h: number): string => new Date(ta.clock.now().getTime() + h * HOUR).toISOString();

  /**
   * Moves time on. The table runner asks the app clock whether a job is due; pg-boss asks the
   * database server's clock, which a test cannot move, so the waiting jobs that are due by the app
   * clock are made due now by the server's.
   */
  async function passTime(ms: number): Promise<void> {
    ta.clock.advance(ms);
    const pg = ta.ctx.db.pg;
    if (pg) {
      await sql`update ${sql.id(`${pg.schema}_boss`, 'job')} set start_after = now() - interval '1 second'
        where state in ('created', 'retry') and start_after <= ${ta.clock.now().toISOString()}`.execute(ta.ctx.db.k);
    }
  }

  const reminders = async (email: string) => (await newMails(ta, email)).filter((m) => m.subject.startsWith('Reminder:'));

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@warung.example', name: 'Wulan Owner' });
    other = await signUp(ta, { email: 'other@lain.example', name: 'Lain Owner', company: 'Lain Co' });
    sari = await addMember(ta, owner, { email: 'sari@warung.example', name: 'Sari Sales' }, 'member');
    contactId = json<{ id: string }>(await call('POST', '/api/v1/contacts', { firstName: 'Dewi', lastName: 'Activity' })).id;
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('logs a note, a task, a call and a meeting on a contact', async () => {
    const note = await create({ type: 'note', subject: 'Met at the expo', body: 'Interested in the Pro plan', contactId });
    const task = await create({ type: 'task', subject: 'Send the quote', dueAt: inHours(24), assigneeId: sari.userId, contactId });
    const callLog = await create({ type: 'call', subject: 'Intro call', durationMinutes: 15, outcome: 'connected', contactId });
    const meeting = await create({ type: 'meeting', subject: 'Demo', durationMinutes: 60, contactId });
    expect(note).toMatchObject({ type: 'note', subject: 'Met at the expo', done: false, contactId });
    expect(task).toMatchObject({ type: 'task', assigneeId: sari.userId, done: false, doneAt: null });
    expect(callLog).toMatchObject({ type: 'call', durationMinutes: 15, outcome: 'connected' });
    expect(json<Activity>(await call('GET', `/api/v1/activities/${meeting.id}`))).toMatchObject({ type: 'meeting', durationMinutes: 60 });
    const linked = json<Page>(await call('GET', `/api/v1/activities?contactId=${contactId}`));
    expect(linked.data.map((a) => a.id)).toEqual(expect.arrayContaining([note.id, task.id, callLog.id, meeting.id]));
    const standalone = await create({ type: 'task', subject: 'Tidy the pipeline' });
    expect(standalone.contactId).toBeNull();
  });

  it('refuses bad input with validation_failed naming the field, and links nothing foreign', async () => {
    const unknown = await call('POST', '/api/v1/activities', { type: 'email', subject: 'x', contactId });
    expect(unknown.statusCode).toBe(400);
    expect(json<ErrorBody>(unknown).error.code).toBe('validation_failed');
    expect(fields(unknown.body)).toContain('body.type');

    const foreignContact = json<{ id: string }>(await call('POST', '/api/v1/contacts', { firstName: 'Foreign' }, other)).id;
    const foreign = await call('POST', '/api/v1/activities', { type: 'note', subject: 'Sneaky link', contactId: foreignContact });
    expect(foreign.statusCode).toBe(400);
    expect(json<ErrorBody>(foreign).error.code).toBe('validation_failed');
    expect(fields(foreign.body)).toEqual(['body.contactId']);
    const rows = await ta.ctx.db.k.selectFrom('activities').select('id').where('contact_id', '=', foreignContact).execute();
    expect(rows).toEqual([]);

    const outsider = await call('POST', '/api/v1/activities', { type: 'task', subject: 'Not theirs', assigneeId: other.userId });
    expect(outsider.statusCode).toBe(400);
    expect(fields(outsider.body)).toEqual(['body.assigneeId']);

    const orphan = await call('POST', '/api/v1/activities', { type: 'note', subject: 'About nobody' });
    expect(fields(orphan.body)).toEqual(['body.contactId']);
    const wrongFields = await call('POST', '/api/v1/activities', { type: 'note', subject: 'Odd', dueAt: inHours(1), durationMinutes: 5, contactId });
    expect(fields(wrongFields.body).sort()).toEqual(['body.dueAt', 'body.durationMinutes']);
    const noAssignee = await call('POST', '/api/v1/activities', { type: 'task', subject: 'Remind whom?', reminderAt: inHours(1) });
    expect(fields(noAssignee.body)).toEqual(['body.assigneeId']);
    const mine = await create({ type: 'note', subject: 'Mine', contactId });
    const relink = await call('PATCH', `/api/v1/activities/${mine.id}`, { contactId: foreignContact });
    expect(fields(relink.body)).toEqual(['body.contactId']);
    expect(json<Activity>(await call('GET', `/api/v1/activities/${mine.id}`)).contactId).toBe(contactId);
  });

  it('completes a task and reopens it, recording the completion on the contact', async () => {
    const task = await create({ type: 'task', subject: 'Call back', assigneeId: sari.userId, contactId });
    ta.clock.advance(MINUTE);
    const done = json<Activity>(await call('PATCH', `/api/v1/activities/${task.id}`, { done: true }, sari));
    expect(done.done).toBe(true);
    expect(done.doneAt).toBe(ta.clock.now().toISOString());
    const events = json<{ data: { kind: string }[] }>(await call('GET', `/api/v1/contacts/${contactId}/timeline`));
    expect(events.data[0]?.kind).toBe('task_completed');
    const reopened = json<Activity>(await call('PATCH', `/api/v1/activities/${task.id}`, { done: false }));
    expect(reopened).toMatchObject({ done: false, doneAt: null });
  });

  it('filters open tasks of an assignee and pages through them with a cursor', async () => {
    const due = [5, 1, 4, 2, 3];
    const ids: string[] = [];
    for (const d of due) ids.push((await create({ type: 'task', subject: `Paged ${d}`, dueAt: inHours(100 + d), assigneeId: sari.userId })).id);
    await call('PATCH', `/api/v1/activities/${ids[0]!}`, { done: true });
    await create({ type: 'task', subject: 'Owner task', dueAt: inHours(101), assigneeId: owner.userId });
    const filter = encodeURIComponent(JSON.stringify([{ field: 'dueAt', op: 'gte', value: inHours(100) }]));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/activities?open=true&assigneeId=${sari.userId}&filter=${filter}&sort=dueAt:asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call('GET', url);
      expect(res.statusCode, res.body).toBe(200);
      const page = json<Page>(res);
      seen.push(...page.data.map((a) => a.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']);
    const doneFilter = encodeURIComponent(JSON.stringify([{ field: 'doneAt', op: 'is_not_empty' }, { field: 'assigneeId', op: 'eq', value: sari.userId }]));
    const doneOnes = json<Page>(await call('GET', `/api/v1/activities?type=task&filter=${doneFilter}&sort=createdAt:desc`));
    expect(doneOnes.data.map((a) => a.subject)).toContain('Paged 5');
    const bad = await call('GET', `/api/v1/activities?sort=subject:asc`);
    expect(bad.statusCode).toBe(400);
  });

  it('shows field changes and activities on one timeline, newest first', async () => {
    const c = json<{ id: string }>(await call('POST', '/api/v1/contacts', { firstName: 'Timeline', lastName: 'Person' }));
    ta.clock.advance(MINUTE);
    expect((await call('PATCH', `/api/v1/contacts/${c.id}`, { title: 'Buyer' })).statusCode).toBe(200);
    ta.clock.advance(MINUTE);
    const note = await create({ type: 'note', subject: 'Asked for a discount', contactId: c.id });
    const res = await call('GET', `/api/v1/timeline?objectType=contact&objectId=${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const tl = json<{ data: TimelineEntry[] }>(res).data;
    expect(tl.map((e) => [e.source, e.kind])).toEqual([
      ['activity', 'note'],
      ['event', 'updated'],
      ['event', 'created'],
    ]);
    expect(tl[0]?.activity?.id).toBe(note.id);
    expect(tl[1]?.changes?.title).toEqual({ from: null, to: 'Buyer' });
    const older = json<{ data: TimelineEntry[] }>(await call('GET', `/api/v1/timeline?objectType=contact&objectId=${c.id}&before=${encodeURIComponent(tl[0]!.at)}&limit=1`)).data;
    expect(older.map((e) => e.kind)).toEqual(['updated']);
    expect((await call('GET', `/api/v1/timeline?objectType=contact&objectId=${c.id}`, undefined, other)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/timeline?objectType=deal&objectId=${c.id}`)).statusCode).toBe(404);
    expect(fields((await call('GET', '/api/v1/timeline?objectType=contact')).body)).toEqual(['querystring.objectId']);
  });

  it('emails the assignee once when a task reminder falls due', async () => {
    await reminders(sari.email);
    const task = await create({ type: 'task', subject: 'Renew the contract', dueAt: inHours(2), reminderAt: inHours(1), assigneeId: sari.userId, contactId });
    expect(await reminders(sari.email)).toEqual([]);
    await passTime(HOUR + MINUTE);
    const sent = await reminders(sari.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe('Reminder: Renew the contract');
    expect(sent[0]?.text).toContain(`http://kodepos.test/activities/${task.id}`);
    expect(sent[0]?.text).toContain(`Due: ${task.dueAt!.slice(0, 16).replace('T', ' ')} UTC`);
    expect(await reminders(sari.email)).toEqual([]);
    expect(json<Activity>(await call('GET', `/api/v1/activities/${task.id}`)).remindedAt).not.toBeNull();
    expect(await reminders('owner@warung.example')).toEqual([]);
  });

  it('reminds at the new time after a reschedule, and never for a done task', async () => {
    await reminders(sari.email);
    const moved = await create({ type: 'task', subject: 'Moved reminder', reminderAt: inHours(1), assigneeId: sari.userId });
    const finished = await create({ type: 'task', subject: 'Finished early', reminderAt: inHours(1), assigneeId: sari.userId });
    expect((await call('PATCH', `/api/v1/activities/${moved.id}`, { reminderAt: inHours(2) })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/v1/activities/${finished.id}`, { done: true })).statusCode).toBe(200);
    await passTime(HOUR + MINUTE);
    expect(await reminders(sari.email)).toEqual([]);
    await passTime(HOUR);
    expect((await reminders(sari.email)).map((m) => m.subject)).toEqual(['Reminder: Moved reminder']);
  });

  it("answers 404 to another workspace's user on GET, PATCH and DELETE of an activity", async () => {
    const a = await create({ type: 'note', subject: 'Private note', contactId });
    for (const [method, payload] of [['GET', undefined], ['PATCH', { subject: 'Hijacked' }], ['DELETE', undefined]] as const) {
      const res = await call(method, `/api/v1/activities/${a.id}`, payload, other);
      expect(res.statusCode).toBe(404);
      expect(json<ErrorBody>(res).error.code).toBe('not_found');
    }
    expect(json<Page>(await call('GET', '/api/v1/activities', undefined, other)).data).toEqual([]);
    expect(json<Activity>(await call('GET', `/api/v1/activities/${a.id}`)).subject).toBe('Private note');
    expect((await call('DELETE', `/api/v1/activities/${a.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/activities/${a.id}`)).statusCode).toBe(404);
  });
});
