import { FEATURES_V3, type FeatureDeclaration, type FeatureName } from './catalog.ts';

/**
 * Index of the first non-NULL value on a gap-free series of valid bars (index 0 = the symbol's
 * first bar), or 'second_local_date' for overnight_gap, which needs a previous date with bars.
 * Later NULLs can still occur where FEATURES.md says so (division by zero, flat windows).
 */
export type FeatureWarmup = number | 'second_local_date';

export interface FeatureDefinition {
  readonly warmup: FeatureWarmup;
  /** One line, the formula of FEATURES.md. */
  readonly definition: string;
}

const lag = (feature: string, k: number, warmupOfSource: number): FeatureDefinition => ({
  warmup: warmupOfSource + k,
  definition: `${feature} ${k} bar${k === 1 ? '' : 's'} earlier`,
});

/** Declared once per feature; the mapped type makes a missing or unknown name a compile error. */
export const FEATURE_DEFINITIONS: { readonly [K in FeatureName]: FeatureDefinition } = {
  returns: { warmup: 1, definition: 'r_t = close_t / close_{t-1} - 1' },
  log_returns: { warmup: 1, definition: 'ln(close_t / close_{t-1})' },
  high_low_pct: { warmup: 0, definition: '(high - low) / close' },
  open_close_pct: { warmup: 0, definition: '(close - open) / open' },
  price_acceleration: { warmup: 2, definition: 'r_t - r_{t-1}' },
  returns_sign: { warmup: 1, definition: 'sign(r_t) in {-1, 0, 1}' },
  returns_squared: { warmup: 1, definition: 'r_t^2' },

  price_ma_short: { warmup: 23, definition: 'SMA(close, 24)' },
  price_ma_med: { warmup: 119, definition: 'SMA(close, 120)' },
  price_ma_long: { warmup: 479, definition: 'SMA(close, 480)' },
  ema_12: { warmup: 11, definition: 'EMA(close, 12), seeded with the SMA of the first 12 closes' },
  ema_26: { warmup: 25, definition: 'EMA(close, 26), seeded with the SMA of the first 26 closes' },
  price_to_ma_short: { warmup: 23, definition: 'close / price_ma_short' },
  price_to_ma_med: { warmup: 119, definition: 'close / price_ma_med' },
  price_to_ma_long: { warmup: 479, definition: 'close / price_ma_long' },
  ma_short_to_med: { warmup: 119, definition: 'price_ma_short / price_ma_med' },
  ma_med_to_long: { warmup: 479, definition: 'price_ma_med / price_ma_long' },

  realized_vol_short: { warmup: 12, definition: 'SD(r, 12), sample, per bar' },
  realized_vol_med: { warmup: 24, definition: 'SD(r, 24), sample, per bar' },
  realized_vol_long: { warmup: 120, definition: 'SD(r, 120), sample, per bar' },
  vol_ratio_short_med: { warmup: 24, definition: 'realized_vol_short / realized_vol_med' },
  vol_ratio_med_long: { warmup: 120, definition: 'realized_vol_med / realized_vol_long' },
  gk_volatility: { warmup: 23, definition: 'sqrt(SMA(0.5 ln(high/low)^2 - (2 ln 2 - 1) ln(close/open)^2, 24))' },
  parkinson_vol: { warmup: 23, definition: 'sqrt(SMA(ln(high/low)^2, 24) / (4 ln 2))' },
  rogers_satchell_vol: { warmup: 23, definition: 'sqrt(SMA(ln(high/close) ln(high/open) + ln(low/close) ln(low/open), 24))' },
  vol_of_vol: { warmup: 47, definition: 'SD(realized_vol_med, 24)' },

  volume_ma: { warmup: 119, definition: 'SMA(volume, 120)' },
  volume_ratio: { warmup: 119, definition: 'volume / volume_ma' },
  log_volume: { warmup: 0, definition: 'ln(1 + volume)' },
  vpt: { warmup: 0, definition: 'vpt_0 = 0, vpt_t = vpt_{t-1} + volume_t r_t (from the first stored bar)' },
  vpt_ma: { warmup: 23, definition: 'SMA(vpt, 24)' },
  vpt_normalized: { warmup: 23, definition: 'vpt / vpt_ma' },
  obv: { warmup: 0, definition: 'obv_0 = 0, obv_t = obv_{t-1} + sign(close_t - close_{t-1}) volume_t' },
  mfi: { warmup: 14, definition: 'Money Flow Index(14) of TP·volume; 100 when the negative flow sum is 0' },

  rsi_14: { warmup: 14, definition: 'Wilder RSI(14), RMA seeded with the SMA of the first 14 changes; 100 when avgLoss = 0' },
  rsi_1d: { warmup: 24, definition: 'Wilder RSI(24)' },
  rsi_3d: { warmup: 72, definition: 'Wilder RSI(72)' },
  rsi_1w: { warmup: 168, definition: 'Wilder RSI(168)' },
  rsi_2w: { warmup: 336, definition: 'Wilder RSI(336)' },
  rsi_ema: { warmup: 14, definition: 'RSI(14) with gains/losses smoothed by EMA (alpha 2/15), same seeding' },

  bb_upper: { warmup: 19, definition: 'SMA(close, 20) + 2 PSD(close, 20)' },
  bb_middle: { warmup: 19, definition: 'SMA(close, 20)' },
  bb_lower: { warmup: 19, definition: 'SMA(close, 20) - 2 PSD(close, 20)' },
  bb_position: { warmup: 19, definition: '(close - bb_lower) / (bb_upper - bb_lower)' },
  bb_squeeze: { warmup: 19, definition: '(bb_upper - bb_lower) / bb_middle' },
  macd: { warmup: 25, definition: 'EMA(close, 12) - EMA(close, 26)' },
  macd_signal: { warmup: 33, definition: 'EMA(macd, 9), seeded with the SMA of the first 9 macd values' },
  macd_histogram: { warmup: 33, definition: 'macd - macd_signal' },
  macd_normalized: { warmup: 25, definition: 'macd / close' },
  atr: { warmup: 13, definition: 'RMA(TR, 14), TR_0 = high_0 - low_0' },
  atr_normalized: { warmup: 13, definition: 'atr / close' },
  williams_r: { warmup: 13, definition: '-100 (HH(14) - close) / (HH(14) - LL(14))' },
  stoch_k: { warmup: 13, definition: '100 (close - LL(14)) / (HH(14) - LL(14))' },
  stoch_d: { warmup: 15, definition: 'SMA(stoch_k, 3)' },
  cci: { warmup: 19, definition: '(TP - SMA(TP, 20)) / (0.015 mean absolute deviation of TP over 20 bars)' },
  adx: { warmup: 27, definition: 'Wilder ADX(14): RMA(DX, 14), DX from RMA(14) of +DM/-DM over atr' },

  hour: { warmup: 0, definition: 'local hour of the bar start, 0-23' },
  day_of_week: { warmup: 0, definition: 'local day of week, 0 = Monday ... 6 = Sunday' },
  date: { warmup: 0, definition: 'local date YYYY-MM-DD' },
  hour_sin: { warmup: 0, definition: 'sin(2 pi hour / 24)' },
  hour_cos: { warmup: 0, definition: 'cos(2 pi hour / 24)' },
  dow_sin: { warmup: 0, definition: 'sin(2 pi day_of_week / 7)' },
  dow_cos: { warmup: 0, definition: 'cos(2 pi day_of_week / 7)' },
  is_market_open: { warmup: 0, definition: '1 when a weekday and session open <= local time < close' },
  is_morning: { warmup: 0, definition: '1 when in session and before midday (12:00)' },
  is_afternoon: { warmup: 0, definition: '1 when in session and from midday (12:00)' },
  hours_since_open: { warmup: 0, definition: 'hours from the session open on the bar date, clamped to [0, 6.5]' },
  hours_to_close: { warmup: 0, definition: 'hours to the session close on the bar date, clamped to [0, 6.5]' },

  returns_from_daily_open: { warmup: 0, definition: "close / open_first - 1, open_first = open of the local date's first bar" },
  intraday_high: { warmup: 0, definition: "highest high of the local date's bars up to t" },
  intraday_low: { warmup: 0, definition: "lowest low of the local date's bars up to t" },
  intraday_range_pct: { warmup: 0, definition: '(intraday_high - intraday_low) / open_first' },
  position_in_range: { warmup: 0, definition: '(close - intraday_low) / (intraday_high - intraday_low)' },
  overnight_gap: { warmup: 'second_local_date', definition: 'open_first / (last close of the previous local date with bars) - 1' },
  dist_from_intraday_high: { warmup: 0, definition: 'close / intraday_high - 1' },
  dist_from_intraday_low: { warmup: 0, definition: 'close / intraday_low - 1' },

  returns_lag_1: lag('returns', 1, 1),
  returns_lag_2: lag('returns', 2, 1),
  returns_lag_4: lag('returns', 4, 1),
  returns_lag_8: lag('returns', 8, 1),
  returns_lag_24: lag('returns', 24, 1),
  vol_lag_1: lag('realized_vol_short', 1, 12),
  vol_lag_2: lag('realized_vol_short', 2, 12),
  vol_lag_4: lag('realized_vol_short', 4, 12),
  vol_lag_8: lag('realized_vol_short', 8, 12),
  vol_lag_24: lag('realized_vol_short', 24, 12),
  volume_ratio_lag_1: lag('volume_ratio', 1, 119),
  volume_ratio_lag_2: lag('volume_ratio', 2, 119),
  volume_ratio_lag_4: lag('volume_ratio', 4, 119),
  volume_ratio_lag_8: lag('volume_ratio', 8, 119),
  volume_ratio_lag_24: lag('volume_ratio', 24, 119),

  returns_mean_6h: { warmup: 6, definition: 'SMA(r, 6)' },
  returns_mean_12h: { warmup: 12, definition: 'SMA(r, 12)' },
  returns_mean_24h: { warmup: 24, definition: 'SMA(r, 24)' },
  returns_std_6h: { warmup: 6, definition: 'SD(r, 6)' },
  returns_std_12h: { warmup: 12, definition: 'SD(r, 12)' },
  returns_std_24h: { warmup: 24, definition: 'SD(r, 24)' },
  returns_skew_6h: { warmup: 6, definition: 'adjusted Fisher-Pearson skewness of r over 6 bars (pandas rolling skew)' },
  returns_skew_12h: { warmup: 12, definition: 'adjusted Fisher-Pearson skewness of r over 12 bars (pandas rolling skew)' },
  returns_skew_24h: { warmup: 24, definition: 'adjusted Fisher-Pearson skewness of r over 24 bars (pandas rolling skew)' },
  returns_kurt_6h: { warmup: 6, definition: 'bias-corrected excess kurtosis of r over 6 bars (pandas rolling kurt)' },
  returns_kurt_12h: { warmup: 12, definition: 'bias-corrected excess kurtosis of r over 12 bars (pandas rolling kurt)' },
  returns_kurt_24h: { warmup: 24, definition: 'bias-corrected excess kurtosis of r over 24 bars (pandas rolling kurt)' },
  price_momentum_6h: { warmup: 6, definition: 'close / close_{t-6} - 1' },
  price_momentum_12h: { warmup: 12, definition: 'close / close_{t-12} - 1' },
  price_momentum_24h: { warmup: 24, definition: 'close / close_{t-24} - 1' },
};

export type DocumentedFeature = FeatureDeclaration & FeatureDefinition & { readonly name: FeatureName };

/** The catalog joined with warm-ups and definitions, in catalog order. */
export const DOCUMENTED_FEATURES: readonly DocumentedFeature[] = FEATURES_V3.map((f) => ({ ...f, ...FEATURE_DEFINITIONS[f.name] }));
