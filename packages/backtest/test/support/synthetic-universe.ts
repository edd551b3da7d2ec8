// Hand-controlled synthetic bars for the tests: a geometric random walk per symbol whose next-bar
// returns the predictions can be made to know (a planted edge) or not (pure noise). open[t] equals
// close[t−1], so a market order sent at bar t's close fills at the price it decided on (plus slippage).
import { seededNormal, seededRandom } from '@mltrading/models';
import type { SymbolInput } from '../../src/index.ts';

export const HOUR = 3_600_000;
/** Monday 2024-01-08 14:30 UTC = 09:30 New York. */
export const START = Date.parse('2024-01-08T14:30:00Z');

export interface UniverseOptions {
  symbols: number;
  bars: number;
  seed: number;
  /** Probability that a prediction names the next bar's direction correctly; 0.5 = no edge. */
  accuracy: number;
  /** Per-bar σ of log returns. */
  sigma?: number;
  volume?: number;
}

export function syntheticUniverse(o: UniverseOptions): SymbolInput[] {
  const normal = seededNormal(o.seed);
  const uniform = seededRandom(o.seed * 7919 + 1);
  const sigma = o.sigma ?? 0.01;
  const out: SymbolInput[] = [];
  for (let k = 0; k < o.symbols; k++) {
    const n = o.bars;
    const timestamp = new Float64Array(n);
    const open = new Float64Array(n);
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    const volume = new Float64Array(n).fill(o.volume ?? 1e6);
    let price = 20 + 80 * uniform();
    for (let t = 0; t < n; t++) {
      timestamp[t] = START + t * HOUR;
      const c = Math.round(price * Math.exp(sigma * normal()) * 100) / 100;
      open[t] = price;
      close[t] = Math.max(c, 0.01);
      high[t] = Math.max(open[t]!, close[t]!) * 1.001;
      low[t] = Math.min(open[t]!, close[t]!) * 0.999;
      price = close[t]!;
    }
    const value = new Float64Array(n).fill(Number.NaN);
    const confidence = new Float64Array(n).fill(Number.NaN);
    for (let t = 0; t + 1 < n; t++) {
      const up = close[t + 1]! > close[t]!;
      const right = uniform() < o.accuracy;
      const saysUp = right ? up : !up;
      value[t] = saysUp ? 0.8 : 0.2;
      confidence[t] = 0.8;
    }
    out.push({
      symbol: `S${k}`,
      bars: { timestamp, open, high, low, close, volume },
      predictions: { modelId: 'test-model', value, confidence, score: value },
      volatility: new Float64Array(n).fill(sigma),
    });
  }
  return out;
}
