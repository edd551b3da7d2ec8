import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { TradingControl } from '../schema/trading-controls.ts';

export const GLOBAL_SCOPE = 'global';

export interface SetTradingHaltedInput {
  halted: boolean;
  reason: string;
  /** Who flipped it (operator name, service). */
  by: string;
  /** Default 'global': the kill switch of all trading. */
  scope?: string;
  correlationId?: string | null;
}

/**
 * Flips the kill switch (stored in the database, so every replica sees it) and records a
 * `trading_halted` / `trading_resumed` trading event in the same transaction.
 */
export async function setTradingHalted(db: Kysely<Database>, input: SetTradingHaltedInput): Promise<TradingControl> {
  if (input.by.trim() === '') throw new Error('setTradingHalted: "by" must name who changed it');
  const scope = input.scope ?? GLOBAL_SCOPE;
  const run = async (trx: Kysely<Database>): Promise<TradingControl> => {
    const values = { scope, halted: input.halted, reason: input.reason, changed_by: input.by };
    const control = await trx
      .insertInto('trading_controls')
      .values(values)
      .onConflict((oc) => oc.column('scope').doUpdateSet({ ...values, changed_at: sql<Date>`NOW()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('trading_events')
      .values({
        event_type: input.halted ? 'trading_halted' : 'trading_resumed',
        correlation_id: input.correlationId ?? null,
        metadata: JSON.stringify({ scope, reason: input.reason, by: input.by }),
      })
      .execute();
    return control;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** True when trading is halted globally or for `scope`. A scope never set counts as not halted. */
export async function isTradingHalted(db: Kysely<Database>, scope: string = GLOBAL_SCOPE): Promise<boolean> {
  const row = await db
    .selectFrom('trading_controls')
    .select(sql<boolean>`COALESCE(BOOL_OR(halted), FALSE)`.as('halted'))
    .where('scope', 'in', [GLOBAL_SCOPE, scope])
    .executeTakeFirstOrThrow();
  return row.halted;
}

/** Every switch with who set it, when and why. */
export function tradingControls(db: Kysely<Database>): Promise<TradingControl[]> {
  return db.selectFrom('trading_controls').selectAll().orderBy('scope').execute();
}
