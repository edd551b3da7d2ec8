import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/**
 * Claims a log batch id inside the caller's transaction: true when it is new (write its rows),
 * false when a batch with this id was already written (skip it). The claim commits or rolls back
 * with the rows, so a batch is written exactly once however often its job is delivered.
 */
export async function claimLogBatch(trx: Kysely<Database>, batchId: string, recordCount: number): Promise<boolean> {
  const { rows } = await sql<{ batch_id: string }>`
    INSERT INTO log_sink.batches (batch_id, record_count) VALUES (${batchId}, ${recordCount})
    ON CONFLICT (batch_id) DO NOTHING
    RETURNING batch_id`.execute(trx);
  return rows.length === 1;
}
