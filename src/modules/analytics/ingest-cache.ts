/**
 * A small time-limited cache for the ingestion hot path (site settings, consent answers, user
 * agents, addresses, page URLs). It holds copies of what the database says for a few seconds, never
 * anything another node would need, so several app nodes behind a load balancer stay correct: a
 * change made on one node shows on the others within the time to live.
 *
 * Two generations instead of a strict LRU: new entries go into the young map; when it is full it
 * becomes the old map (the previous old one is dropped), and a hit in the old map moves the entry
 * back into the young one. Recently used entries thus survive and at most `max` are held, while a
 * hit in the young map (nearly every hit) is one Map lookup with no reordering.
 *
 * The hot path reads the clock once per event and passes that time in (`at`); without it the
 * cache's own clock is read.
 */
interface Entry<V> {
  value: V;
  until: number;
}

export class TtlCache<K, V> {
  private young = new Map<K, Entry<V>>();
  private old = new Map<K, Entry<V>>();
  private readonly half: number;

  constructor(
    max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.half = Math.max(1, Math.floor(max / 2));
  }

  get(key: K, at: number = this.now()): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) {
      if (hit.until > at) return hit.value;
      this.young.delete(key);
      return undefined;
    }
    const aged = this.old.get(key);
    if (aged === undefined) return undefined;
    this.old.delete(key);
    if (aged.until <= at) return undefined;
    this.keep(key, aged);
    return aged.value;
  }

  set(key: K, value: V, at: number = this.now()): void {
    this.old.delete(key);
    this.young.delete(key);
    this.keep(key, { value, until: at + this.ttlMs });
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private keep(key: K, entry: Entry<V>): void {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, entry);
  }
}
