/**
 * A small time-limited LRU map for the ingestion hot path (site settings, consent answers, user
 * agents). It holds copies of what the database says for a few seconds, never anything another
 * node would need, so several app nodes behind a load balancer stay correct: a change made on one
 * node shows on the others within the time to live.
 */
export class TtlCache<K, V> {
  private readonly map = new Map<K, { value: V; until: number }>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (hit.until <= this.now()) return undefined;
    // Re-inserted so the Map's order stays least-recently-used first.
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, until: this.now() + this.ttlMs });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
