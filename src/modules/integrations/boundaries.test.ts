import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The integrations module reads and writes its own tables only (DESIGN: a module talks to another
 * through that module's functions): contacts, deals, analytics events or processor deletion tasks
 * come from crm, sales, analytics and privacy. Every table named in a query builder call here must
 * be one this module declares.
 */
const DIR = import.meta.dirname;
const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

function ownTables(): Set<string> {
  const own = new Set<string>();
  for (const f of sources.filter((x) => x.endsWith('tables.ts'))) {
    for (const m of readFileSync(join(DIR, f), 'utf8').matchAll(/^\s+([a-z_]+): [A-Z][A-Za-z]+Table;$/gm)) own.add(m[1] ?? '');
  }
  return own;
}

describe('integrations module boundary', () => {
  it('queries only the tables it declares', () => {
    const own = ownTables();
    expect(own.has('integration_connections')).toBe(true);
    const foreign: string[] = [];
    for (const f of sources) {
      const text = readFileSync(join(DIR, f), 'utf8');
      for (const m of text.matchAll(/\b(?:selectFrom|updateTable|insertInto|deleteFrom|innerJoin|leftJoin)\('([a-z_]+)/g)) {
        if (!own.has(m[1] ?? '')) foreign.push(`${f}: ${m[1]}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});
