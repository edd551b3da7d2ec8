import type { FailedJob } from '@mltrading/operations';

const SHOWN = 20;

/**
 * One line per failed job with its reason, then the `mlt trace` command for its flow: what an
 * operator needs to see why a backfill or an ingest did not store everything.
 */
export function describeFailedJobs(failed: readonly FailedJob[]): string {
  const lines = failed.slice(0, SHOWN).map((f) => `  ${f.jobId}: ${f.reason}`);
  if (failed.length > SHOWN) lines.push(`  … and ${failed.length - SHOWN} more (see \`mlt queues\`)`);
  const flows = [...new Set(failed.flatMap((f) => (f.correlationId === undefined ? [] : [f.correlationId])))];
  for (const flow of flows.slice(0, 5)) lines.push(`  mlt trace ${flow}`);
  return lines.join('\n');
}
