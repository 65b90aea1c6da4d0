/**
 * The Kodepos side of the read benchmarks: sequential timed requests over real HTTP to a running
 * server, signed in as the demo owner. Each timing covers the whole request: send, the server's
 * work, and reading the full JSON body.
 */
import type { QueryPlan, Timings } from './baseline.js';

export const COOKIE = 'kodepos_session';

export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  const token = res.headers
    .getSetCookie()
    .map((c) => new RegExp(`^${COOKIE}=([^;]+)`).exec(c)?.[1])
    .find(Boolean);
  if (!token) throw new Error('login set no session cookie');
  return `${COOKIE}=${token}`;
}

interface Page {
  data: unknown[];
  nextCursor: string | null;
}

export async function httpQueries(base: string, cookie: string, plan: QueryPlan): Promise<Timings> {
  const headers = { cookie, 'x-workspace-id': plan.workspaceId };
  const get = async <T>(path: string): Promise<[number, T]> => {
    const t = performance.now();
    const res = await fetch(`${base}${path}`, { headers });
    const text = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 500)}`);
    return [ms, JSON.parse(text) as T];
  };
  const search = (p: string) => get<{ data: unknown[] }>(`/api/v1/search?q=${encodeURIComponent(p)}`);
  const sorted = '/api/v1/contacts?limit=50&sort=lastName:asc';
  const filter = JSON.stringify([{ field: 'city', op: 'eq', value: plan.city }]);
  const filtered = `/api/v1/contacts?limit=50&filter=${encodeURIComponent(filter)}`;
  const out: Timings = { search: [], firstPage: [], deepPages: [], filtered: [], searchHits: 0 };
  // Warm-up, not counted: connection, caches, the server's first compilations.
  for (const p of plan.prefixes.slice(0, 10)) await search(p);
  await get<Page>(sorted);
  for (const p of plan.prefixes) {
    const [ms, body] = await search(p);
    out.search.push(ms);
    out.searchHits += body.data.length;
  }
  for (let i = 0; i < plan.repeats; i++) out.firstPage.push((await get<Page>(sorted))[0]);
  let [, page] = await get<Page>(sorted);
  for (let i = 0; i < plan.deepPages && page.nextCursor; i++) {
    const [ms, next] = await get<Page>(`${sorted}&cursor=${encodeURIComponent(page.nextCursor)}`);
    out.deepPages.push(ms);
    page = next;
  }
  for (let i = 0; i < plan.repeats; i++) out.filtered.push((await get<Page>(filtered))[0]);
  return out;
}
