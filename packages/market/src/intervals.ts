/** The bar intervals the system knows: queue payloads, INGEST_INTERVAL, the synthetic market. */
export const INTERVALS = ['1m', '5m', '15m', '30m', '1h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Length of a bar of each interval, in milliseconds. */
export const INTERVAL_MS: Readonly<Record<Interval, number>> = Object.freeze({
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
});

export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}
