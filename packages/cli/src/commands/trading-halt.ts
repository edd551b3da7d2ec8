import { createDb, isTradingHalted, setTradingHalted } from '@mltrading/db';
import { userInfo } from 'node:os';
import { cliConfig } from '../cli-context.ts';

export interface TradingHaltOptions {
  reason?: string;
}

/**
 * `mlt trading halt|resume [--reason]`: the kill switch in trading_controls. Every order-execution
 * replica reads it before each order, so a halt refuses the next order anywhere (stored `rejected`
 * with reason kill_switch); orders already at the broker are not cancelled.
 */
export async function tradingSwitch(halted: boolean, options: TradingHaltOptions = {}): Promise<void> {
  const config = cliConfig();
  const db = createDb(config.databaseUrl, { poolSize: 1, applicationName: 'mlt' });
  try {
    const reason = options.reason ?? (halted ? 'halted by operator' : 'resumed by operator');
    const control = await setTradingHalted(db, { halted, reason, by: `mlt:${userInfo().username}` });
    const now = await isTradingHalted(db);
    console.log(`trading ${now ? 'HALTED' : 'resumed'} (scope ${control.scope}) by ${control.changed_by} at ${control.changed_at.toISOString()}: ${control.reason}`);
  } finally {
    await db.destroy();
  }
}
