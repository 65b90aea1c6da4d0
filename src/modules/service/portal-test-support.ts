import type { LightMyRequestResponse } from 'fastify';
import { json, signUp, type TestApp } from '../../test/app.js';
import { call } from '../workspaces/test-support.js';

/** Helpers of the portal, help centre and survey tests (test code only). */

let ip = 0;
/** A new client address per call: the public routes' per-address limits are tested on their own. */
export const nextIp = (): string => `10.9.${Math.floor(++ip / 250) % 250}.${(ip % 250) + 1}`;
export type Owner = Awaited<ReturnType<typeof signUp>>;

export function form(ta: TestApp, url: string, fields: Record<string, string>, cookie?: string): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) }, remoteAddress: nextIp() });
}

export function page(ta: TestApp, url: string, cookie?: string): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
}

export async function publicTicket(ta: TestApp, ws: string, body: Record<string, unknown>): Promise<{ id: string; number: number }> {
  const res = await ta.app.inject({ method: 'POST', url: `/public/v1/support/${ws}/tickets`, payload: body, remoteAddress: nextIp() });
  if (res.statusCode !== 201) throw new Error(`ticket: ${res.statusCode} ${res.body}`);
  return json(res);
}

export async function article(ta: TestApp, owner: Owner, body: Record<string, unknown>): Promise<{ id: string; slug: string; groupId: string }> {
  const res = await call(ta, 'POST', '/api/v1/kb/articles', owner, { status: 'published', ...body });
  if (res.statusCode !== 201) throw new Error(`article: ${res.statusCode} ${res.body}`);
  return json(res);
}

/** Hidden and visible input values of a page's forms, by name (the last one wins). */
export function inputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(m[0])?.[1];
    if (name) out[name] = value ?? '';
  }
  return out;
}

/** The text of a page without tags (what a reader sees). */
export const text = (html: string): string => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

export function portalCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'kodepos_portal');
  if (!c) throw new Error('no portal cookie');
  return `kodepos_portal=${c.value}`;
}
