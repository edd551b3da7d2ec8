// The v3.0 feature set, declared once. The database migration, the Kysely row types and the
// feature engine all derive their column lists from this file, so a name can never drift
// between them. Definitions live in FEATURES.md; a change to any of them is a new version.

export const FEATURE_VERSION = '3.0';

export type FeatureGroup =
  | 'price'
  | 'moving_average'
  | 'volatility'
  | 'volume'
  | 'rsi'
  | 'technical'
  | 'time'
  | 'intraday'
  | 'lags'
  | 'rolling';

/** How a feature is stored: most are doubles; calendar parts are small integers or a date. */
export type FeatureSqlType = 'double precision' | 'smallint' | 'date';

export interface FeatureDeclaration {
  readonly name: string;
  readonly group: FeatureGroup;
  readonly sqlType: FeatureSqlType;
}

const double = <const N extends string>(group: FeatureGroup, ...names: N[]) =>
  names.map((name) => ({ name, group, sqlType: 'double precision' as const }));
const small = <const N extends string>(group: FeatureGroup, ...names: N[]) =>
  names.map((name) => ({ name, group, sqlType: 'smallint' as const }));

const LAGS = [1, 2, 4, 8, 24] as const;
const ROLLING_WINDOWS = [6, 12, 24] as const;

export const FEATURES_V3 = [
  ...double('price', 'returns', 'log_returns', 'high_low_pct', 'open_close_pct', 'price_acceleration', 'returns_sign', 'returns_squared'),
  ...double(
    'moving_average',
    'price_ma_short', 'price_ma_med', 'price_ma_long', 'ema_12', 'ema_26',
    'price_to_ma_short', 'price_to_ma_med', 'price_to_ma_long', 'ma_short_to_med', 'ma_med_to_long',
  ),
  ...double(
    'volatility',
    'realized_vol_short', 'realized_vol_med', 'realized_vol_long', 'vol_ratio_short_med', 'vol_ratio_med_long',
    'gk_volatility', 'parkinson_vol', 'rogers_satchell_vol', 'vol_of_vol',
  ),
  ...double('volume', 'volume_ma', 'volume_ratio', 'log_volume', 'vpt', 'vpt_ma', 'vpt_normalized', 'obv', 'mfi'),
  ...double('rsi', 'rsi_14', 'rsi_1d', 'rsi_3d', 'rsi_1w', 'rsi_2w', 'rsi_ema'),
  ...double(
    'technical',
    'bb_upper', 'bb_middle', 'bb_lower', 'bb_position', 'bb_squeeze',
    'macd', 'macd_signal', 'macd_histogram', 'macd_normalized', 'atr', 'atr_normalized',
    'williams_r', 'stoch_k', 'stoch_d', 'cci', 'adx',
  ),
  ...small('time', 'hour', 'day_of_week'),
  { name: 'date', group: 'time', sqlType: 'date' as const },
  ...double('time', 'hour_sin', 'hour_cos', 'dow_sin', 'dow_cos'),
  ...small('time', 'is_market_open', 'is_morning', 'is_afternoon'),
  ...double('time', 'hours_since_open', 'hours_to_close'),
  ...double(
    'intraday',
    'returns_from_daily_open', 'intraday_high', 'intraday_low', 'intraday_range_pct', 'position_in_range',
    'overnight_gap', 'dist_from_intraday_high', 'dist_from_intraday_low',
  ),
  ...double('lags', ...LAGS.map((k) => `returns_lag_${k}` as const), ...LAGS.map((k) => `vol_lag_${k}` as const), ...LAGS.map((k) => `volume_ratio_lag_${k}` as const)),
  ...double(
    'rolling',
    ...ROLLING_WINDOWS.map((n) => `returns_mean_${n}h` as const),
    ...ROLLING_WINDOWS.map((n) => `returns_std_${n}h` as const),
    ...ROLLING_WINDOWS.map((n) => `returns_skew_${n}h` as const),
    ...ROLLING_WINDOWS.map((n) => `returns_kurt_${n}h` as const),
    ...ROLLING_WINDOWS.map((n) => `price_momentum_${n}h` as const),
  ),
] as const satisfies readonly FeatureDeclaration[];

export type FeatureName = (typeof FEATURES_V3)[number]['name'];

/** Features stored as a calendar date (`YYYY-MM-DD` string); all others are numbers. */
export type DateFeatureName = 'date';
export type NumericFeatureName = Exclude<FeatureName, DateFeatureName>;

export const FEATURE_NAMES: readonly FeatureName[] = FEATURES_V3.map((f) => f.name);
