import { DIMENSIONS, type Dimension, type EventType } from './tables.js';

/**
 * How one day of raw events becomes the daily figures. One function serves both the aggregation
 * job and the dashboard's reading of days that have no aggregates yet (today), so the two always
 * agree.
 *
 * The rules:
 * - A visitor is `coalesce(visitor_id, visitor_hash)`; events with neither count as page views
 *   and sessions but not as visitors (nothing says whether two of them are one person).
 * - A session is one visitor's events of the day in time order, split wherever two events are
 *   30 minutes or more apart. Sessions do not cross midnight (UTC): each day stands alone, so a
 *   day's aggregates never change because of another day's events.
 * - A bounce is a session with exactly one page view, no feature event, and under 10 seconds of
 *   engaged (visible) time: someone who reads one page for a minute has not bounced.
 * - A session belongs to the referrer, UTM tags, country, browser, OS and device of its first
 *   event, and to its entry page; its page views, engaged time and feature events count there.
 *   Per page, page views and engaged time are those of the page itself, and sessions and bounces
 *   those that entered on it (so a page's bounce rate is the share of visits that left from it).
 *   Per feature, events are that feature's uses and sessions those that used it.
 * - Empty values (no referrer = direct, no campaign tags, unknown country) are kept as ''.
 */
export const SESSION_GAP_MS = 30 * 60_000;
export const BOUNCE_ENGAGED_MS = 10_000;

/** The columns of analytics_events the figures need (a single breakdown reads fewer: see columnsFor). */
export interface RawEvent {
  occurred_at: string;
  type: EventType;
  visitor_id: string | null;
  visitor_hash: string | null;
  path: string;
  referrer_host: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  country: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  feature: string | null;
  engaged_ms: number;
}

export interface Figures {
  visitors: number;
  pageviews: number;
  sessions: number;
  bounces: number;
  engagedMs: number;
  events: number;
}

export interface DailyFigure extends Figures {
  dimension: Dimension;
  value: string;
}

/** Dimensions a session is attributed to through its first event, and the column each reads. */
type SessionColumn = 'referrer_host' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'country' | 'browser' | 'os' | 'device';
const SESSION_DIMENSIONS: readonly (readonly [Dimension, SessionColumn])[] = [
  ['referrer', 'referrer_host'],
  ['utm_source', 'utm_source'],
  ['utm_medium', 'utm_medium'],
  ['utm_campaign', 'utm_campaign'],
  ['country', 'country'],
  ['browser', 'browser'],
  ['os', 'os'],
  ['device', 'device'],
];

/** The columns one breakdown (or, with none named, every one) needs from the raw events. */
export function columnsFor(only?: Dimension): (keyof RawEvent)[] {
  const always: (keyof RawEvent)[] = ['occurred_at', 'type', 'visitor_id', 'visitor_hash', 'engaged_ms'];
  if (only === undefined) return [...always, 'path', 'feature', ...SESSION_DIMENSIONS.map(([, c]) => c)];
  if (only === 'page' || only === 'feature') return [...always, 'path', 'feature'];
  const column = SESSION_DIMENSIONS.find(([d]) => d === only)?.[1];
  return column ? [...always, column] : always;
}

interface Cell {
  visitors: Set<string>;
  pageviews: number;
  sessions: number;
  bounces: number;
  engagedMs: number;
  events: number;
}

const newCell = (): Cell => ({ visitors: new Set(), pageviews: 0, sessions: 0, bounces: 0, engagedMs: 0, events: 0 });

class Tally {
  private readonly cells = new Map<Dimension, Map<string, Cell>>();

  cell(dimension: Dimension, value: string | null): Cell {
    let byValue = this.cells.get(dimension);
    if (!byValue) this.cells.set(dimension, (byValue = new Map()));
    const key = value ?? '';
    let c = byValue.get(key);
    if (!c) byValue.set(key, (c = newCell()));
    return c;
  }

  figures(only?: Dimension): DailyFigure[] {
    const out: DailyFigure[] = [];
    for (const dimension of DIMENSIONS) {
      if (only && dimension !== only) continue;
      for (const [value, c] of this.cells.get(dimension) ?? []) {
        out.push({ dimension, value, visitors: c.visitors.size, pageviews: c.pageviews, sessions: c.sessions, bounces: c.bounces, engagedMs: c.engagedMs, events: c.events });
      }
    }
    return out;
  }
}

// Module-level helpers, not closures made per session: a day can hold a hundred thousand sessions.
const byTime = (a: RawEvent, b: RawEvent): number => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0);

/** One visitor's events of the day, cut into sessions. */
function sessionsOf(events: RawEvent[]): RawEvent[][] {
  if (events.length === 1) return [events];
  events.sort(byTime);
  const out: RawEvent[][] = [];
  let current: RawEvent[] = [];
  let last = -Infinity;
  for (const e of events) {
    const t = Date.parse(e.occurred_at);
    if (current.length && t - last >= SESSION_GAP_MS) {
      out.push(current);
      current = [];
    }
    current.push(e);
    last = t;
  }
  if (current.length) out.push(current);
  return out;
}

interface SessionSums {
  views: number;
  uses: number;
  engaged: number;
  bounced: number;
}

/** A whole session counts towards a value (the total, or its referrer, tags, country…). */
function addWhole(c: Cell, visitor: string | null, s: SessionSums): void {
  if (visitor !== null) c.visitors.add(visitor);
  c.pageviews += s.views;
  c.sessions += 1;
  c.bounces += s.bounced;
  c.engagedMs += s.engaged;
  c.events += s.uses;
}

function addSession(tally: Tally, want: (d: Dimension) => boolean, visitor: string | null, session: RawEvent[]): void {
  const first = session[0]!;
  let views = 0;
  let uses = 0;
  let engaged = 0;
  for (const e of session) {
    if (e.type === 'pageview') {
      views += 1;
      engaged += e.engaged_ms;
    } else uses += 1;
  }
  const bounced = views === 1 && uses === 0 && engaged < BOUNCE_ENGAGED_MS ? 1 : 0;

  const whole: SessionSums = { views, uses, engaged, bounced };
  if (want('total')) addWhole(tally.cell('total', ''), visitor, whole);
  for (const [dimension, column] of SESSION_DIMENSIONS) if (want(dimension)) addWhole(tally.cell(dimension, first[column]), visitor, whole);

  if (want('page')) {
    let entered = false;
    for (const e of session) {
      const c = tally.cell('page', e.path);
      if (e.type !== 'pageview') {
        // Feature use on a page counts as that page's event.
        c.events += 1;
        continue;
      }
      if (!entered) {
        entered = true;
        c.sessions += 1;
        c.bounces += bounced;
      }
      if (visitor !== null) c.visitors.add(visitor);
      c.pageviews += 1;
      c.engagedMs += e.engaged_ms;
    }
  }
  if (want('feature') && uses > 0) {
    const used = new Set<string>();
    for (const u of session) {
      if (u.type === 'pageview') continue;
      const name = u.feature ?? '';
      const c = tally.cell('feature', name);
      if (visitor !== null) c.visitors.add(visitor);
      c.events += 1;
      if (!used.has(name)) {
        used.add(name);
        c.sessions += 1;
      }
    }
  }
}

/**
 * The figures of one day (all dimensions, or only `only`) from that day's raw events of one site.
 * The total row is always present, so an aggregated day with no events is told apart from a day
 * never aggregated.
 */
export function computeDay(events: RawEvent[], only?: Dimension): DailyFigure[] {
  const tally = new Tally();
  const want = (d: Dimension): boolean => only === undefined || only === d;
  if (want('total')) tally.cell('total', '');
  const byVisitor = new Map<string, RawEvent[]>();
  for (const e of events) {
    const key = e.visitor_id ?? e.visitor_hash;
    if (key === null) {
      addSession(tally, want, null, [e]);
      continue;
    }
    const list = byVisitor.get(key);
    if (list) list.push(e);
    else byVisitor.set(key, [e]);
  }
  for (const [visitor, list] of byVisitor) for (const s of sessionsOf(list)) addSession(tally, want, visitor, s);
  return tally.figures(only);
}
