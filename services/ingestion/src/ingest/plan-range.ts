import { INTERVAL_MS, type Interval } from '@mltrading/market';

export { INTERVAL_MS };

export interface RangePlanInput {
  readonly interval: Interval;
  readonly start?: Date;
  readonly end?: Date;
  /** The newest stored bar of this symbol and source, if any. */
  readonly latestStored?: Date;
  readonly now: Date;
  readonly lookbackDays: number;
  readonly overlapBars: number;
}

/**
 * The [start, end) to fetch for one symbol. An explicit start wins. Without one, an incremental
 * ingest continues from the newest stored bar, reaching back `overlapBars` bars so that bars the
 * provider revised since (late prints, corrections) are fetched again and corrected; a symbol
 * with nothing stored starts `lookbackDays` back.
 */
export function planRange(input: RangePlanInput): { start: Date; end: Date } {
  const end = input.end ?? input.now;
  if (input.start) return { start: input.start, end };
  if (input.latestStored) {
    // The newest stored bar is re-fetched first, then (overlapBars - 1) intervals before it; with
    // 0 the ingest starts at the next bar. Counted in time, so across a night it covers fewer bars.
    const back = (input.overlapBars - 1) * INTERVAL_MS[input.interval];
    return { start: new Date(input.latestStored.getTime() - back), end };
  }
  return { start: new Date(end.getTime() - input.lookbackDays * 86_400_000), end };
}
