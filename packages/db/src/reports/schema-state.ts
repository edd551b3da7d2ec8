import type { Database } from '../schema/database.ts';
import { sql, type Kysely } from 'kysely';

/** Every relation of the public schema with its kind, exact row count and index count. */
export async function schemaState(db: Kysely<Database>): Promise<Record<string, unknown>[]> {
  const { rows: relations } = await sql<{ name: string; kind: string; indexes: number }>`
    select c.relname as name,
           case c.relkind when 'r' then 'table' when 'm' then 'materialized view' when 'v' then 'view' end as kind,
           (select count(*) from pg_index i where i.indrelid = c.oid)::int as indexes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'm', 'v') and c.relname not like 'kysely_%'
    order by c.relkind, c.relname`.execute(db);
  const state = [];
  for (const relation of relations) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(relation.name)}`.execute(db);
    state.push({ relation: relation.name, kind: relation.kind, rows: rows[0]!.n, indexes: relation.indexes });
  }
  return state;
}
