import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the common list sorts. Lists sort text on `coalesce(lower(col), '')` then id (see
 * sortExpr in src/modules/crm/list-query.ts); an index on exactly that expression lets a page be read
 * in order from the cursor on, instead of sorting every record of the workspace (about 0.7 s a page
 * at 1M contacts). Both databases match the query's expression against the index's.
 */
const SORTS: [table: string, column: string][] = [
  ['contacts', 'last_name'],
  ['contacts', 'first_name'],
  ['companies', 'name'],
  ['deals', 'name'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of SORTS) {
    await sql`create index ${sql.id(`${table}_ws_sort_${column}_idx`)} on ${sql.table(table)} (workspace_id, (coalesce(lower(${sql.ref(column)}), '')), id)`.execute(db);
  }
}
