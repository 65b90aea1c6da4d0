import { describe, expect, it } from 'vitest';
import { columnsFor, computeDay, type DailyFigure, type RawEvent } from './rollup-compute.js';
import { DIMENSIONS } from './tables.js';
import { event, type EventSeed } from './rollup-test-support.js';

const raw = (seeds: EventSeed[]): RawEvent[] => seeds.map(event);
const at = (hms: string): string => `2026-03-10T${hms}.000Z`;
const pick = (figs: DailyFigure[], dimension: string, value: string) => {
  const f = figs.find((x) => x.dimension === dimension && x.value === value);
  if (!f) throw new Error(`no ${dimension}=${value}`);
  return { visitors: f.visitors, pageviews: f.pageviews, sessions: f.sessions, bounces: f.bounces, engagedMs: f.engagedMs, events: f.events };
};

describe('daily figures from raw events', () => {
  it('splits a visitor’s day into sessions at gaps of 30 minutes or more', () => {
    const figs = computeDay(raw([
      { visitor_id: 'v1', occurred_at: at('08:00:00'), engaged_ms: 20_000 },
      { visitor_id: 'v1', occurred_at: at('08:29:59'), engaged_ms: 20_000 }, // 29:59 later: same session
      { visitor_id: 'v1', occurred_at: at('08:59:59'), engaged_ms: 20_000 }, // exactly 30 min later: a new one
      { visitor_id: 'v1', occurred_at: at('12:00:00'), engaged_ms: 20_000 },
    ]));
    expect(pick(figs, 'total', '')).toMatchObject({ visitors: 1, pageviews: 4, sessions: 3, engagedMs: 80_000 });
  });

  it('counts a bounce only for one page view, no feature use and under 10 s engaged', () => {
    const figs = computeDay(raw([
      { visitor_hash: 'h1', occurred_at: at('09:00:00'), engaged_ms: 9_999 }, // bounce
      { visitor_hash: 'h2', occurred_at: at('09:00:00'), engaged_ms: 10_000 }, // read it: no bounce
      { visitor_hash: 'h3', occurred_at: at('09:00:00'), engaged_ms: 1_000 }, // two pages: no bounce
      { visitor_hash: 'h3', occurred_at: at('09:01:00'), engaged_ms: 1_000, path: '/pricing' },
      { visitor_hash: 'h4', occurred_at: at('09:00:00'), engaged_ms: 1_000 }, // used a feature: no bounce
      { visitor_hash: 'h4', occurred_at: at('09:00:05'), type: 'feature', feature: 'contacts.import' },
      { visitor_hash: 'h5', occurred_at: at('09:00:00') }, // bounce, then a new session much later that also bounces
      { visitor_hash: 'h5', occurred_at: at('15:00:00') },
    ]));
    expect(pick(figs, 'total', '')).toEqual({ visitors: 5, pageviews: 7, sessions: 6, bounces: 3, engagedMs: 22_999, events: 1 });
  });

  it('counts unique visitors by visitor id, else by the daily hash; events with neither are no visitor', () => {
    const figs = computeDay(raw([
      { visitor_id: 'v1', occurred_at: at('08:00:00') },
      { visitor_id: 'v1', occurred_at: at('18:00:00') },
      { visitor_hash: 'h1', occurred_at: at('08:00:00') },
      { visitor_hash: 'h1', occurred_at: at('08:05:00'), path: '/a' },
      { visitor_id: 'v2', visitor_hash: 'h1', occurred_at: at('10:00:00') }, // the id wins over the hash
      { occurred_at: at('11:00:00') },
      { occurred_at: at('11:00:00') },
    ]));
    expect(pick(figs, 'total', '')).toMatchObject({ visitors: 3, pageviews: 7, sessions: 6 });
    expect(pick(figs, 'page', '/')).toMatchObject({ visitors: 3, pageviews: 6, sessions: 6 });
    expect(pick(figs, 'page', '/a')).toMatchObject({ visitors: 1, pageviews: 1, sessions: 0 });
  });

  it('gives a session to its first event’s referrer, tags and device, and its entry page', () => {
    const figs = computeDay(raw([
      { visitor_id: 'v1', occurred_at: at('08:00:00'), path: '/blog', referrer_host: 'google.com', utm_campaign: 'spring', country: 'ID', browser: 'Chrome', os: 'Android', device: 'mobile', engaged_ms: 30_000 },
      { visitor_id: 'v1', occurred_at: at('08:02:00'), path: '/pricing', referrer_host: 'site.example', engaged_ms: 5_000 },
      { visitor_id: 'v1', occurred_at: at('08:03:00'), path: '/pricing', type: 'feature', feature: 'signup.start' },
      { visitor_id: 'v2', occurred_at: at('08:00:00'), path: '/pricing', engaged_ms: 2_000 },
    ]));
    expect(pick(figs, 'referrer', 'google.com')).toEqual({ visitors: 1, pageviews: 2, sessions: 1, bounces: 0, engagedMs: 35_000, events: 1 });
    expect(pick(figs, 'referrer', '')).toEqual({ visitors: 1, pageviews: 1, sessions: 1, bounces: 1, engagedMs: 2_000, events: 0 });
    expect(figs.some((f) => f.dimension === 'referrer' && f.value === 'site.example')).toBe(false);
    expect(pick(figs, 'utm_campaign', 'spring')).toMatchObject({ sessions: 1, pageviews: 2 });
    expect(pick(figs, 'country', 'ID')).toMatchObject({ visitors: 1, sessions: 1 });
    expect(pick(figs, 'device', 'mobile')).toMatchObject({ visitors: 1 });
    expect(pick(figs, 'page', '/blog')).toEqual({ visitors: 1, pageviews: 1, sessions: 1, bounces: 0, engagedMs: 30_000, events: 0 });
    expect(pick(figs, 'page', '/pricing')).toEqual({ visitors: 2, pageviews: 2, sessions: 1, bounces: 1, engagedMs: 7_000, events: 1 });
    expect(pick(figs, 'feature', 'signup.start')).toEqual({ visitors: 1, pageviews: 0, sessions: 1, bounces: 0, engagedMs: 0, events: 1 });
  });

  it('sums of sessions over any session breakdown equal the total', () => {
    const seeds: EventSeed[] = [];
    for (let i = 0; i < 60; i++) seeds.push({ visitor_hash: `h${i % 17}`, occurred_at: at(`${String(8 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`), country: ['ID', 'SG', null][i % 3] ?? null, path: `/p${i % 4}`, engaged_ms: i * 500 });
    const figs = computeDay(raw(seeds));
    const total = pick(figs, 'total', '');
    for (const dim of ['country', 'referrer', 'browser', 'device'] as const) {
      const rows = figs.filter((f) => f.dimension === dim);
      expect(rows.reduce((s, f) => s + f.sessions, 0)).toBe(total.sessions);
      expect(rows.reduce((s, f) => s + f.pageviews, 0)).toBe(total.pageviews);
      expect(rows.reduce((s, f) => s + f.bounces, 0)).toBe(total.bounces);
    }
    const pages = figs.filter((f) => f.dimension === 'page');
    expect(pages.reduce((s, f) => s + f.sessions, 0)).toBe(total.sessions);
    expect(pages.reduce((s, f) => s + f.engagedMs, 0)).toBe(total.engagedMs);
  });

  it('gives one breakdown the same figures from only the columns it reads as from whole rows', () => {
    const seeds: EventSeed[] = [];
    for (let i = 0; i < 80; i++) {
      seeds.push({
        visitor_id: i % 5 ? null : `v${i % 7}`, visitor_hash: `h${i % 11}`, occurred_at: at(`${String(8 + (i % 12)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:00`),
        type: i % 6 ? 'pageview' : 'feature', feature: i % 6 ? null : `f${i % 3}`, path: `/p${i % 5}`, referrer_host: i % 3 ? null : 'r.example', utm_source: i % 4 ? null : 'news',
        utm_medium: 'email', utm_campaign: i % 2 ? 'a' : null, country: i % 2 ? 'ID' : 'SG', browser: 'Chrome', os: i % 3 ? 'iOS' : 'Android', device: 'mobile', engaged_ms: i * 300,
      });
    }
    const full = raw(seeds);
    const all = computeDay(full);
    for (const d of DIMENSIONS) {
      const cols = columnsFor(d);
      const narrow = full.map((e) => Object.fromEntries(cols.map((c) => [c, e[c]])) as unknown as RawEvent);
      expect(computeDay(narrow, d), d).toEqual(all.filter((f) => f.dimension === d));
    }
  });

  it('has a total row on a day without events', () => {
    expect(computeDay([])).toEqual([{ dimension: 'total', value: '', visitors: 0, pageviews: 0, sessions: 0, bounces: 0, engagedMs: 0, events: 0 }]);
  });
});
