/**
 * First-party tracker: page views (on load and on single-page-app navigation), visibility-aware
 * heartbeats that add engaged time to a page view, and feature usage (`Kodepos.track`), posted to
 * `/public/v1/events`.
 *
 * What is sent depends on the visitor's choice (and, without consent, on the site's opt-in):
 * - analytics allowed: events carry the `kodepos_vid` visitor id;
 * - no choice yet, or analytics refused: no request at all, unless the site opted in to anonymous
 *   counting (`data-anonymous-stats="true"`); then events carry no id and no cookie is set, and the
 *   server counts them under a daily-salted hash (or drops them when the site counts no
 *   anonymous visitors).
 * A withdrawal stops identified tracking at once: the id is read from the choice at every send.
 */
import { pageViewId, readCookie, VISITOR_COOKIE, visitorId, type Choices } from './effects.js';

/** Engaged time is reported this often while the page is visible, and once more when it is hidden. */
const HEARTBEAT_MS = 15_000;
const FEATURE = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface TrackerOptions {
  endpoint: string;
  workspace?: string;
  anonymous: boolean;
  choice(): Choices | null;
  /** Settles once the latest consent choice reached the server: events wait for it, so the server
   *  sees the grant before the first event that carries the id. */
  ready(): Promise<unknown>;
}

export interface Tracker {
  track(feature: string): void;
  /** After a new choice: sends this page's view if it was held back and may now be sent. */
  update(): void;
}

type Extra = { engagedMs: number } | { feature: string } | Record<string, never>;

/** The page's address without its fragment (never sent to servers; it may hold tokens). */
const here = (): string => location.href.split('#')[0] ?? '';

function timeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

export function startTracker(o: TrackerOptions): Tracker {
  const tz = timeZone();
  let url = here();
  let referrer = document.referrer.split('#')[0] ?? '';
  let pageId = pageViewId();
  let viewSent = false;
  let engaged = 0;
  let visibleSince: number | null = document.visibilityState === 'visible' ? Date.now() : null;
  let queue: Promise<unknown> = Promise.resolve();

  /** The id to send; undefined for an anonymous event; null when nothing may be sent. */
  const identity = (): string | undefined | null => {
    if (o.choice()?.analytics) return readCookie(VISITOR_COOKIE) ?? visitorId(true);
    return o.anonymous ? undefined : null;
  };

  /** Returns whether the event was sent. `beacon`: the page may be going away. */
  function send(type: 'pageview' | 'heartbeat' | 'feature', extra: Extra, beacon = false): boolean {
    const id = identity();
    if (id === null) return false;
    const body = JSON.stringify({
      workspaceId: o.workspace,
      visitorId: id,
      type,
      url,
      referrer: referrer || undefined,
      pageId,
      timeZone: tz,
      ...extra,
    });
    // text/plain is a simple request: no CORS preflight, and what sendBeacon must use anyway.
    const post = (): Promise<unknown> =>
      fetch(o.endpoint, {
        method: 'POST',
        body,
        keepalive: true,
        credentials: 'omit',
        headers: { 'content-type': 'text/plain' },
      });
    if (beacon) {
      if (!navigator.sendBeacon?.(o.endpoint, new Blob([body], { type: 'text/plain' })))
        void post().catch(() => undefined);
      return true;
    }
    // One at a time and in order: a heartbeat must not overtake the page view it adds time to.
    queue = queue
      .then(() => o.ready())
      .then(post)
      .catch(() => undefined);
    return true;
  }

  const view = (): void => {
    if (!viewSent) viewSent = send('pageview', {});
  };

  /** Moves the visible time so far into `engaged`; hidden time never counts. */
  function settle(): void {
    const now = Date.now();
    if (visibleSince !== null) engaged += now - visibleSince;
    visibleSince = document.visibilityState === 'visible' ? now : null;
  }

  /** Reports the visible time since the last report; kept until this page's view went out. */
  function heartbeat(beacon: boolean): void {
    settle();
    if (!viewSent) return;
    const ms = Math.round(engaged);
    engaged = 0;
    if (ms > 0) send('heartbeat', { engagedMs: ms }, beacon);
  }

  function newView(from: string): void {
    referrer = from;
    url = here();
    pageId = pageViewId();
    viewSent = false;
    engaged = 0;
    visibleSince = document.visibilityState === 'visible' ? Date.now() : null;
    view();
  }

  /** A single-page app changed the address: a new page view unless only the fragment changed. */
  function navigated(): void {
    if (here() === url) return;
    heartbeat(false);
    newView(url);
  }

  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name].bind(history);
    history[name] = (...args: Parameters<History['pushState']>): void => {
      original(...args);
      navigated();
    };
  }
  addEventListener('popstate', navigated);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') settle();
    else heartbeat(true);
  });
  addEventListener('pagehide', () => heartbeat(true));
  // Back to a page kept in the back/forward cache: a visit of its own (its last time went out on pagehide).
  addEventListener('pageshow', (e) => {
    if (e.persisted) newView(referrer);
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') heartbeat(false);
  }, HEARTBEAT_MS);

  view();
  return {
    track: (feature) => {
      // The server's rule for names ("contacts.import"): a malformed one would only cost a 400.
      if (typeof feature === 'string' && FEATURE.test(feature)) send('feature', { feature });
    },
    update: view,
  };
}
