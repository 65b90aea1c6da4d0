import { createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import * as contactsRepo from './contacts-repo.js';
import { decodeCursor, keysetPage } from './list-query.js';

/**
 * Keyset pagination over sort keys with ties and blanks, in both directions and in the default
 * order (id, newest first), page by page against the same list read whole; and on SQLite, the plan
 * of the common sorts reads an index in order instead of sorting the workspace.
 */
interface Contact {
  id: string;
  lastName: string | null;
}

describe.each(testDialects)('list paging on %s', (dialect) => {
  let ta: TestApp;
  let cookie: string;
  let workspaceId: string;
  const get = async (url: string) => json<{ data: Contact[]; nextCursor: string | null }>(await ta.app.inject({ method: 'GET', url, headers: { cookie } }));

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const s = await signUp(ta, { email: 'owner@halaman.example' });
    cookie = s.cookie;
    workspaceId = s.workspaceId;
    // Ties (Santoso ×4, santoso in lower case), blanks and nulls, created in one shuffled order.
    const names = ['Santoso', null, 'Wijaya', 'santoso', '', 'Halim', 'Santoso', null, 'Wijaya', 'Santoso', 'Abdi', ''];
    for (const [i, lastName] of names.entries()) {
      const res = await ta.app.inject({ method: 'POST', url: '/api/v1/contacts', payload: { firstName: `Orang${i}`, ...(lastName === null ? {} : { lastName }) }, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await ta?.close();
  });

  async function pageThrough(query: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/contacts?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  for (const sort of ['lastName:asc', 'lastName:desc', 'firstName:desc', 'createdAt:asc', 'id:asc', null]) {
    it(`pages through every contact exactly once, in order, sorted by ${sort ?? 'default'}`, async () => {
      const query = sort ? `&sort=${sort}` : '';
      const whole = (await get(`/api/v1/contacts?limit=100${query}`)).data;
      expect(whole).toHaveLength(12);
      expect(await pageThrough(query)).toEqual(whole.map((c) => c.id));
      if (sort === 'lastName:asc') {
        const keys = whole.map((c) => (c.lastName ?? '').toLowerCase());
        expect(keys).toEqual([...keys].sort());
      }
    });
  }

  it('orders the default list by id, newest first, and keys its cursor by id', async () => {
    const page = await get('/api/v1/contacts?limit=5');
    const ids = page.data.map((c) => c.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(decodeCursor(page.nextCursor ?? '').id).toBe(ids[4]);
  });

  it.runIf(dialect === 'sqlite')('reads the sorted and default lists from an index, not a sort of the workspace', async () => {
    const nodes: RootOperationNode[] = [];
    const capture: KyselyPlugin = {
      transformQuery: (a) => (nodes.push(a.node), a.node),
      transformResult: (a) => Promise.resolve(a.result),
    };
    const k = ta.ctx.db.k.withPlugin(capture);
    const args = { workspaceId, dialect, filters: [], cursor: null, limit: 2, custom: () => undefined };
    const plans: string[] = [];
    const first = await contactsRepo.list(k, { ...args, sort: { field: 'lastName', dir: 'asc' } });
    await contactsRepo.list(k, { ...args, sort: { field: 'lastName', dir: 'asc' }, cursor: decodeCursor(first.nextCursor ?? '') });
    await contactsRepo.list(k, { ...args, sort: null, cursor: decodeCursor(first.nextCursor ?? '') });
    for (const node of nodes) {
      const q = ta.ctx.db.k.getExecutor().compileQuery(node, createQueryId());
      // Run the plan with the query's own parameters.
      const plan = await ta.ctx.db.k.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}`, queryId: createQueryId() });
      plans.push(plan.rows.map((r) => r.detail).join(' | '));
    }
    expect(plans).toHaveLength(3);
    expect(plans[0]).toContain('contacts_ws_sort_last_name_idx');
    expect(plans[1]).toMatch(/contacts_ws_sort_last_name_idx \(workspace_id=\? AND <expr>>\?\)/);
    expect(plans[2]).toMatch(/contacts_ws_idx \(workspace_id=\? AND id<\?\)/);
    for (const p of plans) expect(p).not.toContain('TEMP B-TREE');
  });
});

describe('keysetPage', () => {
  const rows = [
    { id: 'c1', name: 'Ayu', _sort: 'ayu' },
    { id: 'c2', name: 'Budi', _sort: 'budi' },
    { id: 'c3', name: 'Citra', _sort: 'citra' },
  ];
  it('keeps the page without its sort column and points the cursor after its last row', () => {
    const page = keysetPage(rows, 2);
    expect(page.rows).toEqual([
      { id: 'c1', name: 'Ayu' },
      { id: 'c2', name: 'Budi' },
    ]);
    expect(decodeCursor(page.nextCursor ?? '')).toEqual({ v: 'budi', id: 'c2' });
  });
  it('has no cursor on the last page', () => {
    expect(keysetPage(rows, 3)).toEqual({ rows: rows.map(({ id, name }) => ({ id, name })), nextCursor: null });
    expect(keysetPage([], 3)).toEqual({ rows: [], nextCursor: null });
  });
});
