import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';

describe.each(testDialects)('workspace selection on %s', (dialect) => {
  let ta: TestApp;
  let cookie: string;
  let first: string;
  let second: string;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const u = await signUp(ta, { email: 'two.ws@example.com', company: 'First Co' });
    cookie = u.cookie;
    first = u.workspaceId;
    const res = await ta.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers: { cookie }, payload: { name: 'Second Co' } });
    second = json<{ id: string }>(res).id;
  });
  afterAll(async () => {
    await ta?.close();
  });

  const current = async (url: string, headers: Record<string, string> = {}) =>
    json<{ id: string }>(await ta.app.inject({ method: 'GET', url, headers: { cookie, ...headers } })).id;

  it('defaults to the first workspace, follows X-Workspace-Id, and ?workspaceId= on GET links', async () => {
    expect(await current('/api/v1/workspace')).toBe(first);
    expect(await current('/api/v1/workspace', { 'x-workspace-id': second })).toBe(second);
    expect(await current(`/api/v1/workspace?workspaceId=${second}`)).toBe(second);
  });

  it('answers 404 for a workspace the user does not belong to, by header or by query', async () => {
    const stranger = await signUp(ta, { email: 'stranger@example.com', company: 'Elsewhere' });
    const byHeader = await ta.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie, 'x-workspace-id': stranger.workspaceId } });
    expect(byHeader.statusCode).toBe(404);
    const byQuery = await ta.app.inject({ method: 'GET', url: `/api/v1/workspace?workspaceId=${stranger.workspaceId}`, headers: { cookie } });
    expect(byQuery.statusCode).toBe(404);
  });
});
