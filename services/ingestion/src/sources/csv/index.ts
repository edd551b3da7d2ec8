export { createCsvSource, type CsvSourceOptions } from './csv-source.ts';
export {
  type CsvBar,
  CsvFormatError,
  type CsvReadOptions,
  type CsvReadResult,
  type CsvRejection,
  type CsvRejectionReason,
  MAX_CSV_BYTES,
  parseCsvBars,
  readCsvBars,
} from './read-csv-bars.ts';
export { EPOCH_SECONDS_LIMIT, parseTimestamp } from './parse-timestamp.ts';
