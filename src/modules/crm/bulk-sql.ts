/**
 * Shapes of bulk statements. The SQLite connection caches prepared statements by their SQL text
 * (src/db/db.ts), and a multi-row insert or an `in (…)` list has a different text for every row
 * count: import batches of varying sizes filled the cache with large one-off statements (hundreds
 * of MB at 1M rows). These helpers keep the number of distinct texts small.
 */

/** Chunks of `max`, then the remainder in descending powers of two: at most log2(max) + 1 shapes. */
export function shapedChunks<T>(xs: T[], max: number): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (; i + max <= xs.length; i += max) out.push(xs.slice(i, i + max));
  for (let size = 1 << Math.floor(Math.log2(max)); size >= 1 && i < xs.length; size >>= 1) {
    if (xs.length - i >= size) {
      out.push(xs.slice(i, i + size));
      i += size;
    }
  }
  return out;
}

/**
 * Values for `in (…)` lists: lists of `max`, the last one padded (with its own first value, which
 * changes no result) to the next power of two, so there are at most log2(max) + 2 lengths.
 */
export function paddedLists<T>(xs: T[], max: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += max) {
    const list = xs.slice(i, i + max);
    const size = Math.min(max, 2 ** Math.ceil(Math.log2(list.length)));
    const first = list[0] as T;
    while (list.length < size) list.push(first);
    out.push(list);
  }
  return out;
}

/**
 * Timeline events handed to recordEvents (timeline.ts inserts up to 300 a statement) in shaped
 * chunks of at most this many, so each chunk is one statement of a known size.
 */
export const EVENT_CHUNK = 256;
