// orders.price, fills.price and fills.commission are DECIMAL(10,4): values are rounded to four
// places here, so what the database stores is exactly what accounting computed with.
const SCALE = 10_000;
/** Largest magnitude DECIMAL(10,4) holds. */
export const MAX_DECIMAL_10_4 = 999_999.9999;

export function roundDecimal4(value: number): number {
  return Math.round(value * SCALE) / SCALE;
}

/** Rounding that never favours the trader: up for what a buyer pays, down for what a seller gets. */
export function roundDecimal4Adverse(value: number, side: 'buy' | 'sell'): number {
  // The epsilon keeps 10.1 * 10000 = 101000.00000000001 from rounding up a whole tick.
  const scaled = value * SCALE;
  const epsilon = Math.max(1e-7, Math.abs(scaled) * 1e-12);
  return (side === 'buy' ? Math.ceil(scaled - epsilon) : Math.floor(scaled + epsilon)) / SCALE;
}
