import { compactUtcMinute } from './compact-time.ts';
import { IdPartChecks } from './id-parts.ts';
import { shortHash } from './short-hash.ts';

const HASH_CHARS = 20;

/**
 * `f-20240308T1530-<20 hex>-<sequence>` (at most 46 characters): the same order, bar and fill
 * sequence always give the same fills.fill_id, so replaying a bar cannot insert a fill twice.
 */
export function fillId(orderId: string, barTimestamp: number, sequence: number): string {
  const checks = new IdPartChecks();
  checks.text('orderId', orderId, 50);
  checks.timestamp('barTimestamp', barTimestamp);
  checks.wholeNumber('sequence', sequence, 0, 999_999_999);
  checks.throwIfAny('fill id parts');
  const hash = shortHash(['fill/v1', orderId, barTimestamp, sequence], HASH_CHARS);
  return `f-${compactUtcMinute(barTimestamp)}-${hash}-${sequence}`;
}
