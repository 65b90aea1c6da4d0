import type { AppContext } from '../../context.js';
import { relaxedTx } from '../../db/db.js';
import { TtlCache } from './ingest-cache.js';
import { lockVisitor } from './link-repo.js';
import * as repo from './repo.js';

/**
 * Accepted events wait in memory and are written in batches: every second, or at 1,000 events, in one
 * transaction. One insert per request would pay a commit per event; a batch pays it once for
 * hundreds. The batch's commit does not wait for the disk (relaxedTx), and at 1,000 events it holds
 * the event loop for a few milliseconds rather than the tens that 5,000 took, with less of the
 * waiting rows surviving into the old generation of the heap.
 *
 * Why holding them in memory is acceptable: a crash loses at most the last second of page views,
 * which are statistics about anonymous or pseudonymous visits, not records anyone relies on; and
 * nothing in the buffer is needed by another node (each node writes its own events, and a heartbeat
 * for a page view written by another node is applied in SQL, to whatever row is stored). The buffer
 * is written out when the server closes, so tests and orderly shutdowns lose nothing.
 */
export interface BufferOptions {
  maxEvents: number;
  everyMs: number;
  /** When the database is unreachable, batches are kept and retried up to this many events, then dropped. */
  maxPending: number;
}

const DEFAULTS: BufferOptions = { maxEvents: 1000, everyMs: 1000, maxPending: 50_000 };

interface Beat {
  workspaceId: string | null;
  pageId: string;
  ms: number;
}

interface Sighting {
  workspaceId: string | null;
  visitorId: string;
  at: string;
}

const key = (workspaceId: string | null, id: string): string => `${workspaceId ?? ''}|${id}`;

export class EventBuffer {
  private events: repo.EventRow[] = [];
  /** Page views of the current batch by site and page id, so their heartbeats add up before the insert. */
  private pages = new Map<string, repo.EventRow>();
  private beats = new Map<string, Beat>();
  private sightings = new Map<string, Sighting>();
  /** Consented visitor ids this node has already written, so each is looked up once, not per event. */
  private readonly known = new TtlCache<string, true>(50_000, 60 * 60_000);
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly opts: BufferOptions;

  constructor(
    private readonly ctx: AppContext,
    opts: Partial<BufferOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  get size(): number {
    return this.events.length + this.beats.size;
  }

  add(row: repo.EventRow): void {
    if (this.size >= this.opts.maxPending) return;
    this.events.push(row);
    if (row.type === 'pageview' && row.page_id) this.pages.set(key(row.workspace_id ?? null, row.page_id), row);
    if (row.visitor_id) {
      const k = key(row.workspace_id ?? null, row.visitor_id);
      if (!this.known.get(k) && !this.sightings.has(k)) this.sightings.set(k, { workspaceId: row.workspace_id ?? null, visitorId: row.visitor_id, at: row.occurred_at });
    }
    if (this.events.length >= this.opts.maxEvents) void this.flush();
  }

  /** Engaged time for a page view: added in memory when it is still waiting here, else in SQL at the next write. */
  heartbeat(workspaceId: string | null, pageId: string, ms: number): void {
    if (ms <= 0) return;
    const k = key(workspaceId, pageId);
    const page = this.pages.get(k);
    if (page) {
      page.engaged_ms = Math.min((page.engaged_ms ?? 0) + ms, repo.ENGAGED_TOTAL_CAP_MS);
      return;
    }
    if (this.size >= this.opts.maxPending) return;
    const beat = this.beats.get(k);
    if (beat) beat.ms = Math.min(beat.ms + ms, repo.ENGAGED_TOTAL_CAP_MS);
    else this.beats.set(k, { workspaceId, pageId, ms });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.opts.everyMs);
    // The timer alone must not keep a process (a CLI command, a test worker) alive.
    this.timer.unref();
  }

  /** Writes everything waiting now; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    if (this.size === 0 && this.sightings.size === 0) return;
    const events = this.events;
    const beats = [...this.beats.values()];
    const sightings = [...this.sightings.entries()];
    this.events = [];
    this.pages = new Map();
    this.beats = new Map();
    this.sightings = new Map();
    const { db } = this.ctx;
    try {
      // A batch may be lost with the second it was collected in (see above), so its commit does not
      // wait for the disk: a flush there held the event loop, and every request, for tens of ms a second.
      await relaxedTx(db, async (trx) => {
        // A workspace deleted since its events were accepted takes them with it; without this
        // check its rows would fail the batch on the foreign key again at every retry.
        const sites = [...new Set([...events.map((e) => e.workspace_id ?? null), ...sightings.map(([, s]) => s.workspaceId)])].filter((w): w is string => w !== null);
        const live = new Set(sites.length > 0 ? await repo.existingWorkspaces(trx, sites) : []);
        const alive = (w: string | null | undefined): boolean => w === null || w === undefined || live.has(w);
        await repo.insertEvents(trx, db.dialect, events.filter((e) => alive(e.workspace_id)));
        for (const b of beats) await repo.addEngaged(trx, b.workspaceId, b.pageId, b.ms);
        // In key order, so two nodes writing overlapping visitors take the locks in the same order.
        for (const [, s] of [...sightings].filter(([, v]) => alive(v.workspaceId)).sort(([a], [b]) => (a < b ? -1 : 1))) {
          await lockVisitor(trx, db.dialect, s.workspaceId, s.visitorId);
          await repo.addVisitorIfMissing(trx, s.workspaceId, s.visitorId, s.at);
        }
      });
      for (const [k] of sightings) this.known.set(k, true);
    } catch (err) {
      this.requeue(events, beats, sightings);
      // Counts only: the rows hold visitor ids and paths, which stay out of the log.
      this.ctx.log.error({ err, events: events.length, heartbeats: beats.length }, 'analytics events could not be written; will retry');
    }
  }

  private requeue(events: repo.EventRow[], beats: Beat[], sightings: [string, Sighting][]): void {
    if (this.size + events.length + beats.length > this.opts.maxPending) {
      this.ctx.log.error({ events: events.length, heartbeats: beats.length }, 'analytics events dropped: the database stayed unreachable');
      return;
    }
    this.events = [...events, ...this.events];
    for (const e of events) if (e.type === 'pageview' && e.page_id) this.pages.set(key(e.workspace_id ?? null, e.page_id), e);
    for (const b of beats) {
      const k = key(b.workspaceId, b.pageId);
      const later = this.beats.get(k);
      this.beats.set(k, { ...b, ms: Math.min(b.ms + (later?.ms ?? 0), repo.ENGAGED_TOTAL_CAP_MS) });
    }
    for (const [k, s] of sightings) if (!this.sightings.has(k)) this.sightings.set(k, s);
  }
}

const buffers = new WeakMap<AppContext, EventBuffer>();

/** The buffer of this app context (one per server). */
export function bufferFor(ctx: AppContext): EventBuffer {
  let b = buffers.get(ctx);
  if (!b) {
    b = new EventBuffer(ctx);
    buffers.set(ctx, b);
  }
  return b;
}

/** Writes the waiting events now (tests, and anything that reads events right after sending them). */
export async function flushEvents(ctx: AppContext): Promise<void> {
  await buffers.get(ctx)?.flush();
}
