import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { liveColumns } from './schema-introspect.js';

interface DatamapBody {
  tables: {
    name: string;
    scope: string;
    subject: { via: string };
    columns: { name: string; personal: boolean; category?: string; erasure?: string; holdYears?: number; selfService?: boolean }[];
  }[];
}

const URL = '/api/v1/privacy/datamap';
const errorCode = (res: LightMyRequestResponse): string => json<{ error: { code: string } }>(res).error.code;

describe.each(testDialects)('GET /api/v1/privacy/datamap on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; userId: string; workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@example.com', company: 'Owner Co' });
    other = await signUp(ta, { email: 'colleague@example.com', company: 'Colleague Co' });
    // The colleague joins the owner's workspace directly: the invitation flow is tested elsewhere.
    await ta.ctx.db.k
      .insertInto('workspace_members')
      .values({ id: 'wm_dm_colleague', workspace_id: owner.workspaceId, user_id: other.userId, role: 'member', created_at: new Date().toISOString() })
      .execute();
  });
  afterAll(async () => {
    await ta.close();
  });

  const setRole = (role: string): Promise<unknown> =>
    ta.ctx.db.k.updateTable('workspace_members').set({ role }).where('id', '=', 'wm_dm_colleague').execute();

  it('gives an owner every table and column with its classification', async () => {
    const res = await ta.app.inject({ method: 'GET', url: URL, headers: { cookie: owner.cookie } });
    expect(res.statusCode).toBe(200);
    const body = json<DatamapBody>(res);
    // Exactly the tables this database has: entries for the other dialect's tables are left out.
    expect(body.tables.map((t) => t.name)).toEqual(Object.keys(await liveColumns(ta.ctx.db)).sort());
    const users = body.tables.find((t) => t.name === 'users');
    expect(users).toMatchObject({ scope: 'platform', subject: { via: 'self', key: 'id' } });
    expect(users?.columns.find((c) => c.name === 'email')).toMatchObject({ personal: true, category: 'contact', erasure: 'mask' });
    expect(users?.columns.find((c) => c.name === 'name')).toMatchObject({ personal: true, selfService: true });
    expect(users?.columns.find((c) => c.name === 'id')).toEqual({ name: 'id', personal: false, description: expect.any(String) });
    const held = body.tables.flatMap((t) => t.columns).filter((c) => c.erasure === 'keep');
    expect(held.every((c) => typeof c.holdYears === 'number')).toBe(true);
  });

  it('answers 401 unauthenticated without a session or key', async () => {
    const res = await ta.app.inject({ method: 'GET', url: URL });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('unauthenticated');
  });

  it('answers 403 forbidden to a plain member, and 200 once they are the privacy officer', async () => {
    const asColleague = { cookie: other.cookie, 'x-workspace-id': owner.workspaceId };
    await setRole('member');
    const denied = await ta.app.inject({ method: 'GET', url: URL, headers: asColleague });
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('forbidden');
    await setRole('privacy_officer');
    const allowed = await ta.app.inject({ method: 'GET', url: URL, headers: asColleague });
    expect(allowed.statusCode).toBe(200);
  });

  it('lets an API key with the privacy scope read it, and refuses one with only read', async () => {
    const makeKey = async (scopes: string[]): Promise<string> => {
      const res = await ta.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: owner.cookie }, payload: { name: scopes.join('+'), scopes } });
      expect(res.statusCode).toBe(201);
      return json<{ key: string }>(res).key;
    };
    const readOnly = await ta.app.inject({ method: 'GET', url: URL, headers: { authorization: `Bearer ${await makeKey(['read'])}` } });
    expect(readOnly.statusCode).toBe(403);
    expect(errorCode(readOnly)).toBe('forbidden');
    const privacy = await ta.app.inject({ method: 'GET', url: URL, headers: { authorization: `Bearer ${await makeKey(['privacy'])}` } });
    expect(privacy.statusCode).toBe(200);
  });

  it('lets a platform operator with no workspace read it', async () => {
    const op = await signUp(ta, { email: 'operator@example.com', company: 'Ops' });
    await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', op.userId).execute();
    await ta.ctx.db.k.deleteFrom('workspace_members').where('user_id', '=', op.userId).execute();
    const res = await ta.app.inject({ method: 'GET', url: URL, headers: { cookie: op.cookie } });
    expect(res.statusCode).toBe(200);
    expect(json<DatamapBody>(res).tables.map((t) => t.name)).toContain('users');
  });

  it('is described in the OpenAPI document with its response schema', async () => {
    const res = await ta.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = json<{ paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> } }> }>(res);
    const ok = doc.paths[URL]?.get?.responses['200']?.content?.['application/json']?.schema;
    expect(ok?.properties).toHaveProperty('tables');
  });
});
