import { loadOrderExecutionConfig } from '@mltrading/config';
import { createDb } from '@mltrading/db';
import { positionsReport } from '@mltrading/operations';
import { cliConfig } from '../cli-context.ts';
import { formatPositions } from '../print-positions.ts';

export interface PositionsOptions {
  strategy?: string;
}

/** `mlt positions`: positions from the fills with realized and unrealized P&L (at the latest close), commission included. */
export async function positions(options: PositionsOptions = {}): Promise<void> {
  // Marks come from order-execution's bar source (EXECUTION_BAR_SOURCE), so this reads its section.
  const config = cliConfig(loadOrderExecutionConfig);
  const db = createDb(config.databaseUrl, { poolSize: 1, applicationName: 'mlt' });
  try {
    const lines = await positionsReport(db, { source: config.executionBarSource, ...(options.strategy === undefined ? {} : { strategy: options.strategy }) });
    console.log(formatPositions(lines, config.executionBarSource));
  } finally {
    await db.destroy();
  }
}
