import { Random, hashString, hashWords } from './random.ts';

/** Per-symbol parameters, drawn once from (seed, symbol); the same for every interval. */
export interface SymbolProfile {
  readonly symbol: string;
  /** Price level around January 2025 (the anchor walk's centre), dollars. */
  readonly referencePrice: number;
  /** Annualised volatility of log returns (close to close, overnight included). */
  readonly annualVolatility: number;
  /** Annualised expected simple return (the log drift is this minus half the variance). */
  readonly annualDrift: number;
  /** Share of a day's return variance that falls overnight (close to next open). */
  readonly overnightVarianceShare: number;
  readonly sharesOutstanding: number;
  /** Mean shares traded per regular session. */
  readonly dailyVolume: number;
  /** Market capitalisation at the reference price. */
  readonly marketCap: number;
  /** A draw in [0, 1) used by `syntheticStockInfo` to pick a sector and names. */
  readonly descriptorKey: number;
}

export const STREAM_PROFILE = 1;
export const STREAM_ANCHOR_FORWARD = 2;
export const STREAM_ANCHOR_BACKWARD = 3;
export const STREAM_SHOCKS = 4;
export const STREAM_BAR_DETAIL = 5;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

const profileCache = new Map<string, SymbolProfile>();

export function symbolKey(seed: number, symbol: string): number {
  return hashWords(seed, hashString(symbol));
}

export function symbolProfile(symbol: string, seed = 42): SymbolProfile {
  const cacheKey = `${seed}\u0000${symbol}`;
  const cached = profileCache.get(cacheKey);
  if (cached) return cached;
  const random = new Random(hashWords(symbolKey(seed, symbol), STREAM_PROFILE));
  // Market cap log-normal around $8B (clamped to $150M–$2.5T); smaller companies are more volatile.
  const capZ = random.normal();
  const marketCap = clamp(Math.exp(Math.log(8e9) + 1.4 * capZ), 1.5e8, 2.5e12);
  const referencePrice = clamp(Math.exp(Math.log(45) + 0.8 * random.normal()), 4, 1200);
  const annualVolatility = clamp(Math.exp(Math.log(0.3) - 0.12 * capZ + 0.25 * random.normal()), 0.12, 0.95);
  const annualDrift = clamp(0.06 + 0.05 * random.normal(), -0.08, 0.2);
  const overnightVarianceShare = 0.15 + 0.2 * random.uniform();
  const sharesOutstanding = Math.round(marketCap / referencePrice);
  const turnover = clamp(Math.exp(Math.log(0.007) + 0.5 * random.normal()), 0.001, 0.05);
  const dailyVolume = clamp(sharesOutstanding * turnover, 2e4, 3e8);
  const profile: SymbolProfile = {
    symbol,
    referencePrice,
    annualVolatility,
    annualDrift,
    overnightVarianceShare,
    sharesOutstanding,
    dailyVolume,
    marketCap: sharesOutstanding * referencePrice,
    descriptorKey: random.uniform(),
  };
  if (profileCache.size > 100_000) profileCache.clear();
  profileCache.set(cacheKey, profile);
  return profile;
}
