import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, FEATURES_V3, type FeatureName } from '../src/index.ts';

describe('v3.0 feature catalog', () => {
  it('declares the 106 features of FEATURES.md once each', () => {
    expect(FEATURES_V3).toHaveLength(106);
    expect(new Set(FEATURE_NAMES).size).toBe(106);
  });

  it('counts each group as FEATURES.md does', () => {
    const counts: Record<string, number> = {};
    for (const f of FEATURES_V3) counts[f.group] = (counts[f.group] ?? 0) + 1;
    expect(counts).toEqual({
      price: 7, moving_average: 10, volatility: 9, volume: 8, rsi: 6,
      technical: 16, time: 12, intraday: 8, lags: 15, rolling: 15,
    });
  });

  it('derives literal names the row types can use', () => {
    const names: FeatureName[] = [...FEATURE_NAMES];
    expect(names).toContain('returns_kurt_24h');
    expect(names).toContain('volume_ratio_lag_24');
    expect(FEATURES_V3.find((f) => f.name === 'date')?.sqlType).toBe('date');
  });
});

// Compile-time check, run by `pnpm typecheck`: a name outside the catalog is not a FeatureName.
// @ts-expect-error no such feature
export const notAFeature: FeatureName = 'no_such_feature';
