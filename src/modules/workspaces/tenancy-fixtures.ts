import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { json, type TestApp } from '../../test/app.js';
import { addMember, call, createKey } from './test-support.js';

/**
 * Test support for the cross-workspace test (`tenancy.test.ts`, invariant 2).
 *
 * The test walks the OpenAPI document, so every route is probed automatically. What it cannot
 * invent are *real* ids of records in the victim workspace B: a module supplies those here.
 *
 * HOW A MODULE REGISTERS ITS IDS: add `src/modules/<module>/tenancy.fixtures.ts` exporting
 *
 *   export const fixtures: TenancyFixtures = {
 *     // path prefix of the routes that take this record's id → make one record in B, return its id
 *     '/api/v1/contacts': async ({ ta, b }) => json<{ id: string }>(await call(ta, 'POST', '/api/v1/contacts', b, { firstName: 'Bea' })).id,
 *   };
 *   // optional: request bodies for routes whose JSON schema the generic sampler cannot satisfy
 *   export const bodies: TenancyBodies = { 'POST /api/v1/imports': { payload: '…', headers: { 'content-type': 'multipart/form-data; boundary=x' } } };
 *   // optional: routes under /api/v1 that do not act on a workspace at all (say why in a comment)
 *   export const notWorkspaceScoped: RegExp[] = [];
 *
 * The file is found by name, no import list to edit. A plain CRUD family needs nothing: when no
 * fixture covers `/api/v1/things/{id}…`, the test creates one record in B with `POST /api/v1/things`
 * and a body sampled from its schema (adding optional fields a validation error asks for). Only
 * families without such a POST, or whose POST needs more than that, need a fixture — the test fails
 * naming the uncovered routes. Every id is then tried in every `{param}` route (ids of one kind in
 * routes of another kind too), plus a random id.
 */

export interface TenancyWorld {
  ta: TestApp;
  /** Owner of the victim workspace B: create records as this caller (cookie + X-Workspace-Id). */
  b: { cookie: string; userId: string; workspaceId: string };
}

export type TenancyFixtures = Record<string, (world: TenancyWorld) => Promise<string>>;

export type TenancyBodies = Record<string, { payload?: unknown; headers?: Record<string, string> }>;

/** The workspaces and accounts modules' own records. */
export const coreFixtures: TenancyFixtures = {
  '/api/v1/members': async ({ ta, b }) => (await addMember(ta, b, { email: 'tenancy-b-member@example.com', name: 'Bunga Member' }, 'member')).memberId,
  '/api/v1/invitations': async ({ ta, b }) => {
    const res = await call(ta, 'POST', '/api/v1/invitations', b, { email: 'tenancy-b-invitee@example.com', role: 'viewer' });
    return json<{ id: string }>(res).id;
  },
  '/api/v1/api-keys': async ({ ta, b }) => (await createKey(ta, b, ['read', 'write'])).id,
  '/api/v1/auth/sessions': async ({ ta, b }) => {
    const s = await ta.ctx.db.k.selectFrom('sessions').select('id').where('user_id', '=', b.userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    return s.id;
  },
};

/**
 * Routes under /api/v1 that never act on a workspace, so `X-Workspace-Id` means nothing to them:
 * account and session routes, creating a new workspace, accepting an invitation (the token names
 * the workspace), and the operator's platform routes.
 */
export const coreNotWorkspaceScoped: RegExp[] = [
  /^\/api\/v1\/auth\//,
  /^\/api\/v1\/me$/,
  /^\/api\/v1\/workspaces$/,
  /^\/api\/v1\/invitations\/accept$/,
  /^\/api\/v1\/platform\//,
];

/** Platform routes need a platform operator: a tenant user is refused with 403 before any lookup. */
export const operatorOnly: RegExp[] = [/^\/api\/v1\/platform\//];

export interface TenancyRegistry {
  fixtures: TenancyFixtures;
  bodies: TenancyBodies;
  notWorkspaceScoped: RegExp[];
}

/** The core registry plus every module's `tenancy.fixtures.ts`. */
export async function loadTenancyRegistry(): Promise<TenancyRegistry> {
  const reg: TenancyRegistry = { fixtures: { ...coreFixtures }, bodies: {}, notWorkspaceScoped: [...coreNotWorkspaceScoped] };
  const modules = resolve(import.meta.dirname, '..');
  for (const dir of readdirSync(modules).sort()) {
    const file = join(modules, dir, 'tenancy.fixtures.ts');
    if (!existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as Partial<TenancyRegistry>;
    Object.assign(reg.fixtures, mod.fixtures ?? {});
    Object.assign(reg.bodies, mod.bodies ?? {});
    reg.notWorkspaceScoped.push(...(mod.notWorkspaceScoped ?? []));
  }
  return reg;
}
