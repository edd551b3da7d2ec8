import { Random } from './random.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Cumulative weights of ticker lengths 1–5 (roughly the mix of US listings). */
const LENGTH_CDF = [0.01, 0.06, 0.4, 0.92, 1];
/** Upper bound on n: far below the 12.3M possible tickers, so drawing stays fast. */
export const MAX_UNIVERSE_SIZE = 1_000_000;

/**
 * n distinct ticker symbols (1–5 upper-case letters), always the same list; a smaller n gives a
 * prefix of a larger one, so growing a test universe keeps the symbols it had.
 */
export function syntheticUniverse(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_UNIVERSE_SIZE) {
    throw new RangeError(`universe size must be an integer in [0, ${MAX_UNIVERSE_SIZE}], got ${n}`);
  }
  const random = new Random(0x5eed7ec);
  const seen = new Set<string>();
  const symbols: string[] = [];
  while (symbols.length < n) {
    const u = random.uniform();
    let length = 1;
    while (length < 5 && u > (LENGTH_CDF[length - 1] as number)) length += 1;
    let symbol = '';
    for (let i = 0; i < length; i += 1) symbol += LETTERS[Math.floor(random.uniform() * 26)];
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    symbols.push(symbol);
  }
  return symbols;
}
