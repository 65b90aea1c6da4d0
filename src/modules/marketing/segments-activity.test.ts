import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { contact, type Owner } from './campaigns-test-support.js';

const DAY = 86_400_000;

describe.each(testDialects)('segments over activity and campaign engagement on %s', (dialect) => {
  let ta: TestApp;
  let o: Owner;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    o = await signUp(ta, { email: 'owner@seg-activity.example', company: 'Toko Aktif' });
  });
  afterAll(async () => {
    await ta.close();
  });

  const count = async (filters: unknown[]): Promise<number> => {
    const res = await call(ta, 'POST', '/api/v1/segments/count', o, { filters });
    expect(res.statusCode, res.body).toBe(200);
    return json<{ count: number }>(res).count;
  };
  const note = async (contactId: string): Promise<void> => {
    const res = await call(ta, 'POST', '/api/v1/activities', o, { type: 'note', subject: 'Called back', contactId });
    expect(res.statusCode, res.body).toBe(201);
  };

  it('selects contacts by when their latest activity was logged, or by having none', async () => {
    const old = await contact(ta, o, { firstName: 'Lama', email: 'lama@aktif.example', tags: ['act'] });
    const recent = await contact(ta, o, { firstName: 'Baru', email: 'baru@aktif.example', tags: ['act'] });
    await contact(ta, o, { firstName: 'Sepi', email: 'sepi@aktif.example', tags: ['act'] });
    await note(old);
    ta.clock.advance(20 * DAY);
    const cutoff = new Date(ta.clock.now().getTime() - 10 * DAY).toISOString().slice(0, 10);
    await note(recent);
    const tag = { field: 'tags', op: 'eq', value: 'act' };
    expect(await count([tag, { field: 'activity.lastAt', op: 'gte', value: cutoff }])).toBe(1);
    expect(await count([tag, { field: 'activity.lastAt', op: 'lt', value: cutoff }])).toBe(1);
    expect(await count([tag, { field: 'activity.lastAt', op: 'is_empty' }])).toBe(1);
    expect(await count([tag, { field: 'activity.lastAt', op: 'is_not_empty' }])).toBe(2);
    // The old contact becomes recent with a new note: the count is live.
    await note(old);
    expect(await count([tag, { field: 'activity.lastAt', op: 'gte', value: cutoff }])).toBe(2);
  });

  it('selects by campaign engagement, and refuses bad activity and engagement filters with 400', async () => {
    const total = await count([]);
    expect(await count([{ field: 'email.opened', op: 'eq', value: false }])).toBe(total);
    expect(await count([{ field: 'email.clicked', op: 'eq', value: true }])).toBe(0);
    for (const filters of [
      [{ field: 'activity.lastAt', op: 'gte', value: 'last tuesday' }],
      [{ field: 'activity.lastAt', op: 'contains', value: '2026' }],
      [{ field: 'email.opened', op: 'gt', value: true }],
      [{ field: 'email.clicked', op: 'eq', value: 'maybe' }],
    ]) {
      expectError(await call(ta, 'POST', '/api/v1/segments/count', o, { filters }), 400, 'validation_failed');
    }
  });
});
