import { sql, type Kysely } from 'kysely';

// predictions.prediction_value was the seed's DECIMAL(10,4): four decimals round a momentum
// forecast of 0.000123 (a 1.23 bp forward return) to 0.0001 and a small volatility forecast to 0,
// which erases what regressors predict. DECIMAL(20,10) keeps ten decimals and the same ten integer
// digits a class label or a large forecast needs (|value| < 10^10). Still NUMERIC, so the bulk
// upsert compares rows at the column's scale as before.
// Frozen once landed: it imports nothing but kysely, and every name it uses is spelled out here.
// Changing the scale rewrites the table (ACCESS EXCLUSIVE for the duration): run it while the
// prediction service is stopped or idle. No view reads this column.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE predictions ALTER COLUMN prediction_value TYPE DECIMAL(20,10)`.execute(db);
}

// Back to DECIMAL(10,4): values are rounded to four decimals again (the loss this migration fixed),
// and one of 10^6 or more cannot be stored at all, so such rows are named instead of failing
// halfway with "numeric field overflow".
export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ prediction_id: string }>`
    SELECT prediction_id FROM predictions WHERE abs(prediction_value) >= 999999.99995 ORDER BY prediction_id LIMIT 5`.execute(db);
  if (rows.length > 0) {
    throw new Error(
      `cannot narrow predictions.prediction_value back to DECIMAL(10,4): it holds values of 10^6 or more (${rows.map((r) => r.prediction_id).join(', ')}); delete those rows first`,
    );
  }
  await sql`ALTER TABLE predictions ALTER COLUMN prediction_value TYPE DECIMAL(10,4)`.execute(db);
}
