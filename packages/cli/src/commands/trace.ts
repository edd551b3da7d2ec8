import { createDb } from '@mltrading/db';
import { findFlow } from '@mltrading/operations';
import { cliConfig, refusing } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

/**
 * `mlt trace <correlation_id> [--json]`: the flow in time order across every table that carries
 * correlation_id — job runs (with their duration, from performance_logs), the rows each stage wrote
 * (first to last write), and every log record, trading event, order and fill.
 */
export async function trace(correlationId: string, options: { json?: boolean }): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 4 });
  try {
    const flow = await refusing(() => findFlow(db, correlationId));
    if (options.json) {
      console.log(JSON.stringify(flow, null, 2));
      return;
    }
    const t0 = flow.start.getTime();
    const offset = (at: Date) => `+${ms(at.getTime() - t0)}`;
    console.log(`Flow ${correlationId}: ${flow.start.toISOString()} → ${flow.end.toISOString()} (${ms(flow.totalMs)})\n`);
    console.log('Stages:');
    console.log(
      formatTable(
        flow.stages.map((s) => ({
          at: offset(s.start),
          stage: s.name,
          component: s.component ?? '',
          duration: ms(s.durationMs),
          rows: s.rows,
          status: s.status ?? '',
          detail: s.detail ?? '',
        })),
      ),
    );
    console.log('\nEvents:');
    console.log(
      formatTable(
        flow.events.map((e) => ({ at: offset(e.at), source: e.source, level: e.level ?? '', component: e.component ?? '', summary: e.summary })),
      ),
    );
    console.log(`\nRows per table: ${Object.entries(flow.rowsByTable).map(([table, n]) => `${table} ${n}`).join(', ')}`);
    if (flow.eventsTruncated) console.log('(events: only the first 5,000 rows of each table are listed; the counts above are complete)');
  } finally {
    await db.destroy();
  }
}
