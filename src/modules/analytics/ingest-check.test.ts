import { describe, expect, it } from 'vitest';
import { isPlainEvent } from './ingest-check.js';
import { eventBody } from './schema.js';

const ok = { type: 'pageview', url: 'https://toko.example/a?utm_source=x', pageId: 'page-0000000000000001' };

/** Bodies near every edge of the schema; the quick check may refuse a valid one, never accept an invalid one. */
const cases: unknown[] = [
  ok,
  { ...ok, workspaceId: 'ws_1', visitorId: 'visitor_0000000000001', referrer: 'https://www.google.com/', timeZone: 'Asia/Jakarta' },
  { ...ok, type: 'heartbeat', engagedMs: 5000 },
  { ...ok, type: 'heartbeat', engagedMs: 0 },
  { ...ok, type: 'heartbeat', engagedMs: 86_400_000 },
  { ...ok, type: 'heartbeat', engagedMs: 86_400_001 },
  { ...ok, type: 'heartbeat', engagedMs: -1 },
  { ...ok, type: 'heartbeat', engagedMs: 1.5 },
  { ...ok, type: 'heartbeat', engagedMs: '5' },
  { ...ok, type: 'heartbeat', engagedMs: null },
  { ...ok, type: 'feature', feature: 'contacts.import' },
  { ...ok, type: 'feature' },
  { ...ok, type: 'feature', feature: '' },
  { ...ok, type: 'feature', feature: 'has space' },
  { ...ok, type: 'pageview', feature: 'contacts.import' },
  { ...ok, type: 'click' },
  { ...ok, type: undefined },
  { ...ok, url: '' },
  { ...ok, url: 'x'.repeat(8192) },
  { ...ok, url: 'x'.repeat(8193) },
  { ...ok, url: 42 },
  { ...ok, referrer: '' },
  { ...ok, referrer: 'r'.repeat(8193) },
  { ...ok, referrer: null },
  { ...ok, pageId: 'short' },
  { ...ok, pageId: 'p'.repeat(64) },
  { ...ok, pageId: 'p'.repeat(65) },
  { ...ok, pageId: 'has spaces in it, not allowed' },
  { ...ok, visitorId: 'has spaces in it, not allowed!!' },
  { ...ok, visitorId: null },
  { ...ok, workspaceId: '' },
  { ...ok, workspaceId: 'w'.repeat(100) },
  { ...ok, workspaceId: 'w'.repeat(101) },
  { ...ok, workspaceId: null },
  { ...ok, timeZone: '<script>' },
  { ...ok, timeZone: 'America/Argentina/Buenos_Aires' },
  { ...ok, timeZone: 'Etc/GMT+7' },
  { ...ok, extra: 'dropped by the schema' },
  JSON.parse('{"__proto__": {"polluted": true}, "type": "pageview", "url": "https://toko.example/", "pageId": "page-0000000000000001"}'),
  { url: 'https://toko.example/' },
  [],
  [ok],
  null,
  'null',
  42,
];

describe('the quick event check', () => {
  it('accepts only bodies the schema accepts unchanged', () => {
    for (const body of cases) {
      if (!isPlainEvent(body)) continue;
      const parsed = eventBody.safeParse(body);
      expect(parsed.success, JSON.stringify(body)).toBe(true);
      expect(parsed.data, JSON.stringify(body)).toEqual(body);
    }
  });

  it('accepts the usual page views, heartbeats and feature uses, so they skip the schema', () => {
    expect(cases.slice(0, 5).every(isPlainEvent)).toBe(true);
    expect(isPlainEvent(cases[10])).toBe(true);
  });

  it('leaves every invalid body to the schema', () => {
    const invalid = cases.filter((body) => !eventBody.safeParse(body).success);
    expect(invalid.length).toBeGreaterThan(20);
    for (const body of invalid) expect(isPlainEvent(body), JSON.stringify(body)).toBe(false);
  });
});
