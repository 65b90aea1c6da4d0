import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { sampleValue, type JsonSchema, type SampleOptions } from './openapi-sample.js';
import { loadTenancyRegistry, operatorOnly, type TenancyRegistry } from './tenancy-fixtures.js';
import { call, createKey, errorCode } from './test-support.js';

/**
 * Invariant 2: user A, owner of workspace A, tries every /api/v1 route against workspace B — with
 * B's record ids in the path and with `X-Workspace-Id: B` — and must get 404 every time, never B's
 * data, and B must be unchanged afterwards. Routes come from the OpenAPI document and record ids
 * from the fixture registry (see tenancy-fixtures.ts for how a module registers its own).
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
interface Operation {
  method: Method;
  path: string;
  body: unknown;
  headers: Record<string, string>;
  schema?: JsonSchema | undefined;
}

const schemaOf = (op: Operation, field: string): JsonSchema | undefined => op.schema?.properties?.[field];

const METHODS = ['get', 'post', 'patch', 'delete', 'put'] as const;

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

function operations(doc: OpenApiDoc, reg: TenancyRegistry, opts: SampleOptions): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const method = m.toUpperCase() as Method;
      const override = reg.bodies[`${method} ${path}`];
      const schema = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method,
        path,
        body: override ? override.payload : schema ? sampleValue(schema, opts) : undefined,
        headers: override?.headers ?? {},
        schema,
      });
    }
  }
  return out;
}

const hasParam = (path: string): boolean => /\{[^}]+\}/.test(path);
/** `/api/v1/contacts/{id}/timeline` → `/api/v1/contacts`: the family whose records the ids name. */
const family = (path: string): string => path.slice(0, path.indexOf('/{'));
const covers = (prefix: string, fam: string): boolean => fam === prefix || fam.startsWith(`${prefix}/`);
const fill = (path: string, id: string): string => path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
const label = (path: string, kind: string): string => path.replace(/\{[^}]+\}/g, `<${kind}>`);

/** Every row that belongs to workspace B, by table, to compare before and after the attack. */
async function snapshot(ta: TestApp, workspaceId: string, userIds: string[]): Promise<Record<string, unknown[]>> {
  const k = ta.ctx.db.k;
  const cols =
    ta.ctx.db.dialect === 'postgres'
      ? (await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`.execute(k)).rows
      : (await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(k)).rows;
  const tables = new Map<string, Set<string>>();
  for (const { t, c } of cols) tables.set(t, (tables.get(t) ?? new Set()).add(c));
  const out: Record<string, unknown[]> = {};
  for (const [t, c] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
    let where: ReturnType<typeof sql> | null = null;
    if (c.has('workspace_id')) where = sql`workspace_id = ${workspaceId}`;
    else if (t === 'workspaces') where = sql`id = ${workspaceId}`;
    else if (t === 'users') where = sql`id in (${sql.join(userIds)})`;
    else if (c.has('user_id')) where = sql`user_id in (${sql.join(userIds)})`;
    if (!where) continue;
    const order = c.has('id') ? sql`id` : c.has('seq') ? sql`seq` : sql`1`;
    out[t] = (await sql`select * from ${sql.table(t)} where ${where} order by ${order}`.execute(k)).rows;
  }
  return out;
}

describe.each(testDialects)('tenancy: nothing crosses workspaces on %s', (dialect) => {
  let ta: TestApp;
  let reg: TenancyRegistry;
  let ops: Operation[];
  let a: { cookie: string; userId: string; workspaceId: string };
  let aKey = '';
  let b: { cookie: string; userId: string; workspaceId: string };
  const bIds = new Map<string, string>();
  const autoFailures: string[] = [];
  let sampling: SampleOptions;
  /** Strings that must never appear in an answer to A. */
  const bSecrets = ['Bambang Victim', 'tenancy-b@example.com', 'Victim Works', 'tenancy-b-member@example.com', 'Bunga Member', 'tenancy-b-invitee@example.com'];
  let before: Record<string, unknown[]>;
  let bUserIds: string[] = [];

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    reg = await loadTenancyRegistry();
    a = await signUp(ta, { email: 'tenancy-a@example.com', name: 'Agus Attacker', company: 'Attacker Works' });
    b = await signUp(ta, { email: 'tenancy-b@example.com', name: 'Bambang Victim', company: 'Victim Works' });
    aKey = (await createKey(ta, a, ['read', 'write', 'admin', 'privacy'])).key;
    for (const [prefix, make] of Object.entries(reg.fixtures)) bIds.set(prefix, await make({ ta, b }));
    const doc = json<OpenApiDoc>(await ta.app.inject({ method: 'GET', url: '/api/openapi.json' }));
    sampling = { now: ta.clock.now(), refs: doc.components?.schemas };
    ops = operations(doc, reg, sampling);
    // A plain CRUD family needs no fixture: B creates one record with `POST <prefix>` and a sampled body.
    for (const prefix of new Set(ops.filter((o) => hasParam(o.path)).map((o) => family(o.path)))) {
      if ([...bIds.keys()].some((p) => covers(p, prefix))) continue;
      const create = ops.find((o) => o.method === 'POST' && o.path === prefix);
      if (!create) continue;
      const res = await createAsB(create);
      const id = res.statusCode < 300 ? (json<{ id?: unknown }>(res).id ?? null) : null;
      if (typeof id === 'string') bIds.set(prefix, id);
      else autoFailures.push(`POST ${prefix} as B: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    bIds.set('workspace', b.workspaceId);
    bIds.set('user', b.userId);
    bUserIds = (await ta.ctx.db.k.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', b.workspaceId).execute()).map((r) => r.user_id);
    await ta.drain();
    before = await snapshot(ta, b.workspaceId, bUserIds);
  });
  afterAll(async () => {
    await ta.close();
  });

  function leak(res: LightMyRequestResponse, probeId?: string): string | undefined {
    const body = res.body;
    const found = bSecrets.find((s) => body.includes(s));
    if (found) return `answer contains B's "${found}"`;
    const id = [...bIds.values()].find((v) => v !== probeId && body.includes(v));
    return id ? `answer contains B's id ${id}` : undefined;
  }

  /** POSTs the sampled body; when a service rule asks for an optional field, adds it (from the schema) and retries. */
  async function createAsB(op: Operation): Promise<LightMyRequestResponse> {
    let res = await send(op, op.path, b);
    const body = { ...(op.body as Record<string, unknown>) };
    for (let i = 0; i < 3 && res.statusCode === 400 && errorCode(res) === 'validation_failed'; i++) {
      const asked = (json<{ error: { details?: { field?: string }[] } }>(res).error.details ?? []).map((d) => d.field?.replace(/^body\./, '') ?? '');
      const missing = asked.filter((f) => f && !(f in body) && schemaOf(op, f));
      if (!missing.length) break;
      for (const f of missing) body[f] = sampleValue(schemaOf(op, f), sampling);
      res = await send({ ...op, body }, op.path, b);
    }
    return res;
  }

  async function send(op: Operation, url: string, auth: { cookie?: string; key?: string; workspaceId?: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...op.headers };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.key) headers.authorization = `Bearer ${auth.key}`;
    if (auth.workspaceId) headers['x-workspace-id'] = auth.workspaceId;
    const payload = op.body === undefined ? undefined : typeof op.body === 'string' ? op.body : JSON.stringify(op.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    return ta.app.inject({ method: op.method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  }

  it('finds the routes and real records of workspace B to attack', () => {
    expect(ops.some((o) => o.path === '/api/v1/members/{id}')).toBe(true);
    expect(b.workspaceId).not.toBe(a.workspaceId);
    expect(bIds.size).toBeGreaterThanOrEqual(6);
    const uncovered = ops
      .filter((o) => hasParam(o.path) && ![...bIds.keys()].some((p) => covers(p, family(o.path))))
      .map((o) => `${o.method} ${o.path}`);
    expect({ uncovered, autoFailures }, 'register a fixture for these routes (see tenancy-fixtures.ts)').toEqual({ uncovered: [], autoFailures: [] });
  });

  interface Probe {
    op: Operation;
    kind: string;
    id: string;
    auth: { cookie?: string; key?: string; workspaceId?: string };
    allowed: number[];
  }

  /** Sends the probes a few at a time and lists every answer that is not a clean 404 or leaks B's data. */
  async function attack(probes: Probe[], who: string): Promise<string[]> {
    const problems: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < probes.length) {
        const p = probes[next++]!;
        const res = await send(p.op, fill(p.op.path, p.id), p.auth);
        const where = `${p.op.method} ${label(p.op.path, p.kind)} ${who}${p.auth.workspaceId ? ' with X-Workspace-Id B' : ''}`;
        if (!p.allowed.includes(res.statusCode)) problems.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode === 404 && errorCode(res) !== 'not_found') problems.push(`${where}: 404 without code not_found`);
        const l = leak(res, p.id);
        if (l) problems.push(`${where}: ${l}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    return problems.sort();
  }

  /**
   * For each `{param}` route: the id of its own kind from B, with and without `X-Workspace-Id: B`;
   * every other id of B and a random one without the header.
   */
  function probes(auth: { cookie?: string; key?: string }, filter: (op: Operation) => boolean, allowed: (op: Operation) => number[]): Probe[] {
    const out: Probe[] = [];
    const candidates: [string, string][] = [...bIds.entries(), ['random', newId('rnd')]];
    for (const op of ops.filter((o) => hasParam(o.path) && filter(o))) {
      for (const [kind, id] of candidates) {
        out.push({ op, kind, id, auth: auth.key ? { ...auth, workspaceId: b.workspaceId } : auth, allowed: allowed(op) });
        if (!auth.key && covers(kind, family(op.path))) out.push({ op, kind, id, auth: { ...auth, workspaceId: b.workspaceId }, allowed: allowed(op) });
      }
    }
    return out;
  }

  it("answers 404 when A uses B's record ids (or a random id) in any route, with A's session", async () => {
    const list = probes({ cookie: a.cookie }, () => true, (op) => (operatorOnly.some((r) => r.test(op.path)) ? [404, 403] : [404]));
    expect(await attack(list, "with A's session")).toEqual([]);
  }, 180_000);

  it("answers 404 when A's API key names B's record ids, whatever X-Workspace-Id says", async () => {
    const list = probes({ key: aKey }, (op) => !reg.notWorkspaceScoped.some((r) => r.test(op.path)), () => [404]);
    expect(await attack(list, "with A's key")).toEqual([]);
  }, 180_000);

  it('answers 404 to every workspace route called by A with X-Workspace-Id: B', async () => {
    const problems: string[] = [];
    const scoped = ops.filter((o) => !hasParam(o.path) && !reg.notWorkspaceScoped.some((r) => r.test(o.path)));
    expect(scoped.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['GET /api/v1/members', 'POST /api/v1/invitations', 'PATCH /api/v1/workspace']));
    for (const op of scoped) {
      const res = await send(op, op.path, { cookie: a.cookie, workspaceId: b.workspaceId });
      if (res.statusCode !== 404 || errorCode(res) !== 'not_found') problems.push(`${op.method} ${op.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      const l = leak(res);
      if (l) problems.push(`${op.method} ${op.path}: ${l}`);
    }
    expect(problems).toEqual([]);
  });

  it("shows A's key only A's workspace on every list route, even with X-Workspace-Id: B", async () => {
    const problems: string[] = [];
    for (const op of ops.filter((o) => o.method === 'GET' && !hasParam(o.path) && !reg.notWorkspaceScoped.some((r) => r.test(o.path)))) {
      const res = await send(op, op.path, { key: aKey, workspaceId: b.workspaceId });
      if (res.statusCode >= 500) problems.push(`GET ${op.path}: ${res.statusCode}`);
      const l = leak(res);
      if (l) problems.push(`GET ${op.path}: ${l}`);
    }
    expect(problems).toEqual([]);
    const ws = await send({ method: 'GET', path: '/api/v1/workspace', body: undefined, headers: {} }, '/api/v1/workspace', { key: aKey, workspaceId: b.workspaceId });
    expect(json<{ id: string }>(ws).id).toBe(a.workspaceId);
  });

  it('leaves every row of workspace B exactly as it was, and A can still use its own workspace', async () => {
    await ta.drain();
    expect(await snapshot(ta, b.workspaceId, bUserIds)).toEqual(before);
    expect((await call(ta, 'GET', '/api/v1/members', a)).statusCode).toBe(200);
    const bMembers = json<{ data: { userId: string }[] }>(await call(ta, 'GET', '/api/v1/members', b));
    expect(bMembers.data.map((m) => m.userId).sort()).toEqual([...bUserIds].sort());
  });
});
