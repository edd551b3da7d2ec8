export * from './catalog.ts';
export { FEATURE_DEFINITIONS, DOCUMENTED_FEATURES, type FeatureDefinition, type FeatureWarmup, type DocumentedFeature } from './feature-definitions.ts';
export { computeFeatures, type ComputeFeaturesOptions, type FeatureResult } from './engine/compute-features.ts';
export { featureRow, NUMERIC_FEATURE_NAMES, type FeatureColumns, type FeatureRow } from './engine/feature-columns.ts';
export { TAIL_BARS, SMOOTHER_NAMES, type FeatureEngineState, type SavedBars, type SavedSmoother, type SavedIntraday, type SmootherName } from './engine/engine-state.ts';
export { validateBars, type BarColumns } from './input/bar-columns.ts';
export { InvalidBarsError, type BarProblem } from './errors/invalid-bars-error.ts';
export { IncompatibleStateError } from './errors/incompatible-state-error.ts';
export { DEFAULT_MARKET_CALENDAR, type MarketCalendarConfig } from './time/market-calendar.ts';
