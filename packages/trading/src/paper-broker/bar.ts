import { InvalidInputError, type InputIssue } from '../errors/invalid-input-error.ts';

/** One market_data bar; `timestamp` = the bar's start, epoch ms. */
export interface Bar {
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** The same rules as market_data's CHECKs: a fill is never simulated on a bar the database refuses. */
export function assertValidBar(bar: Bar): void {
  const issues: InputIssue[] = [];
  if (!Number.isFinite(bar.timestamp)) issues.push({ path: 'timestamp', message: `must be finite, got ${bar.timestamp}` });
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    if (!Number.isFinite(bar[field]) || bar[field] <= 0) issues.push({ path: field, message: `must be a finite number > 0, got ${bar[field]}` });
  }
  if (!Number.isFinite(bar.volume) || bar.volume < 0) issues.push({ path: 'volume', message: `must be a finite number ≥ 0, got ${bar.volume}` });
  if (bar.high < bar.low) issues.push({ path: 'high', message: `high ${bar.high} is below low ${bar.low}` });
  if (issues.length > 0) throw new InvalidInputError(`bar at ${bar.timestamp}`, issues);
}
