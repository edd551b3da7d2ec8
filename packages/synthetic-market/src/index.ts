export {
  BAR_INTERVALS,
  type BarInterval,
  type CalendarOptions,
  type IntervalLayout,
  intervalLayout,
  isNewYorkDst,
  isNyseHoliday,
  sessionBarStarts,
  sessionOpenUtc,
} from './calendar.ts';
export {
  type BarColumns,
  type BarRange,
  type SyntheticBar,
  type SyntheticMarketOptions,
  DEFAULT_PREDICTABILITY,
  DEFAULT_SEED,
  barAt,
  barRows,
  generateBars,
} from './generate-bars.ts';
export { type IntervalModel, intervalModel, VOLATILITY_HALF_LIFE_HOURS } from './interval-model.ts';
export { type SymbolProfile, symbolProfile } from './symbol-profile.ts';
export { type SyntheticStockInfo, syntheticStockInfo } from './stock-info.ts';
export { MAX_UNIVERSE_SIZE, syntheticUniverse } from './universe.ts';
