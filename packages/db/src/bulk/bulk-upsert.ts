import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdentifier } from '../connection/ensure-database.ts';
import { rawClientOf } from '../connection/raw-client.ts';
import type { Database, TableName } from '../schema/database.ts';
import { CopyBinaryWriter, isBinaryEncodable } from './copy-binary-encoder.ts';
import { COPY_NULL, encodeCopyValue, InvalidValueError } from './copy-text-encoder.ts';

export type ColumnName<T extends TableName> = keyof Database[T] & string;
export type BulkRow<C extends string> = { readonly [K in C]?: unknown };

export interface BulkUpsertOptions<T extends TableName, C extends ColumnName<T>> {
  table: T;
  /** The columns written; every other column keeps its default on insert and its value on update. */
  columns: readonly C[];
  /** Columns of a unique constraint or index: the ON CONFLICT target. */
  conflictColumns: readonly C[];
  /** Columns overwritten on conflict; defaults to `columns` minus `conflictColumns`. Empty: DO NOTHING. */
  updateColumns?: readonly C[];
  /**
   * Columns whose change makes a row count as changed; defaults to `updateColumns`. Leaving out
   * bookkeeping columns (correlation_id) keeps a rewrite of the same data a no-op.
   */
  compareColumns?: readonly C[];
  /** Values used where a row's property is undefined (saves callers copying rows to fill them). */
  defaults?: BulkRow<C>;
  rows: readonly BulkRow<C>[];
  /**
   * COPY format. 'auto' (default) uses binary when every written column has a type the binary
   * encoder knows (doubles, integers, text, timestamptz, date, bool: the feature table) and text
   * otherwise (NUMERIC, JSONB, INET columns).
   */
  format?: 'auto' | 'binary' | 'text';
}

export interface BulkUpsertResult {
  inserted: number;
  updated: number;
}

const ROWS_PER_CHUNK = 1_000;

/**
 * Writes rows with COPY into a temporary staging table and merges them with one
 * INSERT … SELECT … ON CONFLICT DO UPDATE, all in one transaction (the caller's, when `db` is one).
 * Rows identical to what is stored are left untouched (no dead tuple, no updated_at change).
 * Within one call the last row of a conflict key wins: Postgres refuses an ON CONFLICT statement
 * that touches the same row twice.
 */
export async function bulkUpsert<T extends TableName, C extends ColumnName<T>>(
  db: Kysely<Database>,
  options: BulkUpsertOptions<T, C>,
): Promise<BulkUpsertResult> {
  validateColumns(options);
  if (options.rows.length === 0) return { inserted: 0, updated: 0 };
  const keep = lastRowPerKey(options);
  const run = (trx: Kysely<Database>) => stageAndMerge(trx, options, keep);
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

function validateColumns<T extends TableName, C extends ColumnName<T>>(o: BulkUpsertOptions<T, C>): void {
  const listed = new Set<string>(o.columns);
  if (o.columns.length === 0) throw new Error(`bulkUpsert(${o.table}): no columns given`);
  if (listed.size !== o.columns.length) throw new Error(`bulkUpsert(${o.table}): a column is listed twice`);
  if (o.conflictColumns.length === 0) throw new Error(`bulkUpsert(${o.table}): conflictColumns is empty`);
  for (const c of [...o.conflictColumns, ...(o.updateColumns ?? []), ...(o.compareColumns ?? [])]) {
    if (!listed.has(c)) throw new Error(`bulkUpsert(${o.table}): "${c}" is not among the written columns`);
  }
}

function valueOf<C extends string>(row: BulkRow<C>, column: C, defaults: BulkRow<C> | undefined): unknown {
  const value = row[column];
  return value === undefined && defaults ? defaults[column] : value;
}

/** A flag per row: false for a row overridden by a later row with the same conflict key. */
function lastRowPerKey<T extends TableName, C extends ColumnName<T>>(o: BulkUpsertOptions<T, C>): Uint8Array | null {
  const { rows, conflictColumns, defaults } = o;
  const lastIndex = new Map<unknown, number>();
  const single = conflictColumns.length === 1 ? conflictColumns[0]! : null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let key: unknown;
    if (single !== null) {
      key = keyPart(valueOf(row, single, defaults));
    } else {
      let joined = '';
      for (const column of conflictColumns) joined += `${keyPart(valueOf(row, column, defaults))}\u0001`;
      key = joined;
    }
    lastIndex.set(key, i);
  }
  if (lastIndex.size === rows.length) return null;
  const keep = new Uint8Array(rows.length);
  for (const index of lastIndex.values()) keep[index] = 1;
  return keep;
}

function keyPart(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  return value ?? COPY_NULL;
}

async function stageAndMerge<T extends TableName, C extends ColumnName<T>>(
  trx: Kysely<Database>,
  o: BulkUpsertOptions<T, C>,
  keep: Uint8Array | null,
): Promise<BulkUpsertResult> {
  const target = quoteIdentifier(o.table);
  const stage = quoteIdentifier(`mlt_stage_${o.table}`);
  const cols = o.columns.map(quoteIdentifier);
  const columnList = cols.join(', ');

  // Only the written columns, with the target's exact types and none of its constraints: LIKE
  // would copy every NOT NULL (and the id default) and make COPY fail on columns it never fills.
  await sql.raw(`CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${columnList} FROM ${target} WITH NO DATA`).execute(trx);

  const oids = await columnTypes(trx, stage);
  const binary = o.format === 'binary' || (o.format !== 'text' && isBinaryEncodable(oids));
  if (binary && !isBinaryEncodable(oids)) {
    throw new Error(`bulkUpsert(${o.table}): format 'binary' is not available for these column types (oids ${oids.join(', ')})`);
  }
  const client = await rawClientOf(trx);
  const copy = client.query(copyFrom(`COPY ${stage} (${columnList}) FROM STDIN${binary ? ' (FORMAT binary)' : ''}`));
  await pipeline(Readable.from(binary ? encodeRowsBinary(o, keep, oids) : encodeRowsText(o, keep)), copy);

  const conflictSet = new Set<string>(o.conflictColumns);
  const updates = o.updateColumns ?? o.columns.filter((c) => !conflictSet.has(c));
  return mergeStaged(trx, { target, stage, columnList, conflict: o.conflictColumns, updates, compared: o.compareColumns ?? updates });
}

export interface MergeStagedOptions {
  /** Quoted target and staging table names, and the quoted column list both share. */
  readonly target: string;
  readonly stage: string;
  readonly columnList: string;
  readonly conflict: readonly string[];
  /** Columns set on conflict (none: DO NOTHING), and those whose change makes a row count as changed. */
  readonly updates: readonly string[];
  readonly compared: readonly string[];
}

/**
 * `INSERT … SELECT` of a staged COPY into the target with `ON CONFLICT … DO UPDATE … WHERE
 * (compared) IS DISTINCT FROM …`, so identical rows are left untouched, then drops the stage.
 * Shared by bulkUpsert and the feature-column writer.
 */
export async function mergeStaged(trx: Kysely<Database>, o: MergeStagedOptions): Promise<BulkUpsertResult> {
  const updates = o.updates.map(quoteIdentifier);
  const compared = o.compared.map(quoteIdentifier);
  const onConflict =
    updates.length === 0
      ? `DO NOTHING`
      : `DO UPDATE SET ${updates.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` +
        (compared.length === 0
          ? ''
          : ` WHERE (${compared.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(', ')})`);
  // xmax = 0 only on a freshly inserted tuple; counting in SQL avoids shipping a row per record.
  const { rows } = await sql
    .raw<{ inserted: number; updated: number }>(
      `WITH merged AS (
         INSERT INTO ${o.target} AS t (${o.columnList}) SELECT ${o.columnList} FROM ${o.stage}
         ON CONFLICT (${o.conflict.map(quoteIdentifier).join(', ')}) ${onConflict}
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM merged`,
    )
    .execute(trx);
  // Dropped now, not only at commit, so a second call in the same transaction can stage again.
  await sql.raw(`DROP TABLE ${o.stage}`).execute(trx);
  const counts = rows[0] ?? { inserted: 0, updated: 0 };
  return { inserted: Number(counts.inserted), updated: Number(counts.updated) };
}

/** pg_type oids of the staging table's columns, in column order. */
async function columnTypes(trx: Kysely<Database>, stage: string): Promise<number[]> {
  const { rows } = await sql<{ oid: number }>`
    SELECT atttypid::int AS oid FROM pg_attribute
    WHERE attrelid = ${stage}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`.execute(trx);
  return rows.map((r) => r.oid);
}

/** COPY binary in ~1 MB chunks; a value that does not fit its column stops the COPY before it is sent. */
function* encodeRowsBinary<T extends TableName, C extends ColumnName<T>>(
  o: BulkUpsertOptions<T, C>,
  keep: Uint8Array | null,
  oids: readonly number[],
): Generator<Buffer> {
  const { rows, columns, defaults, table } = o;
  const writer = new CopyBinaryWriter();
  for (let i = 0; i < rows.length; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const row = rows[i]!;
    writer.startRow(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const value = valueOf(row, column, defaults);
      const rejection = writer.field(oids[c]!, value);
      if (rejection !== undefined) throw new InvalidValueError(table, column, i, value, rejection);
    }
    const chunk = writer.takeIfFull();
    if (chunk) yield chunk;
  }
  yield writer.finish();
}

/** COPY text in chunks of ROWS_PER_CHUNK lines; validation happens here, before a value is sent. */
function* encodeRowsText<T extends TableName, C extends ColumnName<T>>(
  o: BulkUpsertOptions<T, C>,
  keep: Uint8Array | null,
): Generator<string> {
  const { rows, columns, defaults, table } = o;
  const last = columns.length - 1;
  let chunk = '';
  let lines = 0;
  for (let i = 0; i < rows.length; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const row = rows[i]!;
    for (let c = 0; c <= last; c++) {
      const column = columns[c]!;
      const value = valueOf(row, column, defaults);
      const text = encodeCopyValue(value);
      if (text === undefined) throw new InvalidValueError(table, column, i, value);
      chunk += c === last ? `${text}\n` : `${text}\t`;
    }
    if (++lines === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk) yield chunk;
}
