import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { readNow } from './db.js';
import type { Database } from './types.js';

/**
 * A query built and compiled once per database handle, then run with new parameters: hot paths
 * (the session lookup on every request) skip Kysely's build-and-compile work. The builder receives
 * placeholder values; each must be used as a bound parameter. Only for reads: on SQLite they run at
 * once when no transaction is open (see readNow in db.ts).
 */
// A value no caller passes: a private-use character prefix.
const MARK = '\uE000kp-param-';

export function preparedQuery<P extends unknown[], R>(build: (k: Kysely<Database>, ...params: P) => Compilable<R>): (k: Kysely<Database>, ...params: P) => Promise<R[]> {
  const cache = new WeakMap<Kysely<Database>, { compiled: CompiledQuery<R>; slots: (number | null)[] }>();
  return async (k, ...params) => {
    let entry = cache.get(k);
    if (!entry) {
      const marks = params.map((_, i) => `${MARK}${i}`) as unknown as P;
      const compiled = build(k, ...marks).compile();
      const slots = compiled.parameters.map((p) => {
        return typeof p === 'string' && p.startsWith(MARK) ? Number(p.slice(MARK.length)) : null;
      });
      entry = { compiled, slots };
      cache.set(k, entry);
    }
    const { compiled, slots } = entry;
    const parameters = compiled.parameters.map((p, i) => (slots[i] === null ? p : params[slots[i]!]));
    return readNow<R>(k, compiled.sql, parameters) ?? (await k.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
