// Facts about the market every layer shares, declared once: intervals and their lengths, sources,
// the shape of a bar, the symbol grammar. Pure: no I/O, no dependencies.
export { INTERVALS, INTERVAL_MS, isInterval, type Interval } from './intervals.ts';
export { SOURCES, SCHEDULABLE_SOURCES, type Source, type SchedulableSource } from './sources.ts';
export { BAR_FIELDS, type BarField, type BarColumns } from './bar-columns.ts';
export { SYMBOL_PATTERN, MAX_SYMBOL_LENGTH, SYMBOL_RULE } from './symbols.ts';
