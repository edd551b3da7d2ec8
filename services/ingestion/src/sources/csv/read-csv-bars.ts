import { readFile } from 'node:fs/promises';
import type { RawBar } from '../market-data-source.ts';
import { csvRecords } from './csv-records.ts';
import { parseTimestamp } from './parse-timestamp.ts';

/** A bar read from a CSV file, before validation. */
export interface CsvBar extends RawBar {
  readonly symbol: string;
  /** 1-based line of the file the bar starts on. */
  readonly line: number;
}

export type CsvRejectionReason =
  | 'field_count'
  | 'unterminated_quote'
  | 'invalid_timestamp'
  | 'invalid_number'
  | 'missing_symbol';

/** A line that could not be read as a bar; the rest of the file is still imported. */
export interface CsvRejection {
  readonly line: number;
  readonly reason: CsvRejectionReason;
  readonly detail: string;
  /** The row's symbol when it could be read. */
  readonly symbol: string | null;
}

export interface CsvReadResult {
  readonly bars: CsvBar[];
  readonly rejections: CsvRejection[];
}

export interface CsvReadOptions {
  /** Symbol for rows of a file without a symbol column (and for rows whose symbol cell is empty). */
  readonly symbol?: string;
}

/** The file as a whole cannot be imported (no header, required columns missing). */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
}

/** Files are read whole into memory; beyond this size use a streaming importer. */
export const MAX_CSV_BYTES = 100 * 1024 * 1024;

const TIMESTAMP_COLUMNS = ['timestamp', 'datetime', 'date'] as const;
const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_NUMBERS: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

/**
 * An OHLCV cell: empty, `null` or `NA` is null (missing; validation rejects it as missing_value);
 * `NaN`/`Infinity`/`inf` are kept as such for validation to reject as non_finite; any other text that
 * is not a decimal number is an invalid_number rejection of the line.
 */
function parseCell(text: string): number | null | undefined {
  if (text === '') return null;
  const lower = text.toLowerCase();
  if (lower === 'null' || lower === 'na' || lower === 'n/a') return null;
  if (NUMBER.test(text)) return Number(text);
  const special = SPECIAL_NUMBERS[lower];
  return special === undefined ? undefined : special;
}

/**
 * Reads OHLCV bars from CSV text. The header row is required; columns are found by name,
 * case-insensitively: `symbol` (optional when `options.symbol` is given), one of `timestamp`,
 * `datetime`, `date` (first found in that order), `open`, `high`, `low`, `close`, `volume`. Other
 * columns (e.g. `Adj Close`) are ignored. Timestamps: see `parseTimestamp`. Malformed lines become
 * rejections with their line number; everything else is returned in file order (not validated, not
 * sorted, duplicates kept — `validateBars` decides).
 */
export function parseCsvBars(text: string, options: CsvReadOptions = {}): CsvReadResult {
  const records = csvRecords(text);
  const first = records.next();
  if (first.done) throw new CsvFormatError('the CSV has no header row');
  const header = first.value.fields.map((name) => name.trim().toLowerCase());
  const column = (name: string): number => header.indexOf(name);
  const timestampName = TIMESTAMP_COLUMNS.find((name) => column(name) !== -1);
  const missing = [...(timestampName ? [] : ['timestamp/datetime/date']), ...VALUE_COLUMNS.filter((name) => column(name) === -1)];
  const symbolColumn = column('symbol');
  const fallbackSymbol = options.symbol?.trim().toUpperCase() || null;
  if (symbolColumn === -1 && fallbackSymbol === null) missing.push('symbol (or pass a symbol)');
  if (missing.length > 0) {
    throw new CsvFormatError(`the CSV header (line ${first.value.line}) lacks column(s): ${missing.join(', ')}`);
  }
  const timestampColumn = column(timestampName as string);
  const valueColumns = VALUE_COLUMNS.map(column);

  const bars: CsvBar[] = [];
  const rejections: CsvRejection[] = [];
  for (const record of records) {
    const { line, fields } = record;
    const symbolCell = symbolColumn === -1 ? '' : (fields[symbolColumn] ?? '').trim().toUpperCase();
    const symbol = symbolCell || fallbackSymbol;
    const reject = (reason: CsvRejectionReason, detail: string): void => {
      rejections.push({ line, reason, detail: `line ${line}: ${detail}`, symbol });
    };
    if (record.unterminatedQuote) {
      reject('unterminated_quote', 'a quoted field is not closed before the end of the file');
      continue;
    }
    if (fields.length !== header.length) {
      reject('field_count', `${fields.length} fields, the header has ${header.length}`);
      continue;
    }
    if (symbol === null) {
      reject('missing_symbol', 'the symbol cell is empty');
      continue;
    }
    const timestamp = parseTimestamp(fields[timestampColumn] as string);
    if (typeof timestamp === 'string') {
      reject('invalid_timestamp', timestamp);
      continue;
    }
    const values: (number | null)[] = [];
    let bad: string | null = null;
    for (let i = 0; i < valueColumns.length; i += 1) {
      const cell = fields[valueColumns[i] as number] as string;
      const value = parseCell(cell);
      if (value === undefined) {
        bad = `${VALUE_COLUMNS[i]} ${JSON.stringify(cell)} is not a number`;
        break;
      }
      values.push(value);
    }
    if (bad !== null) {
      reject('invalid_number', bad);
      continue;
    }
    const [open, high, low, close, volume] = values as [number | null, number | null, number | null, number | null, number | null];
    bars.push({ symbol, line, timestamp, open, high, low, close, volume });
  }
  return { bars, rejections };
}

/**
 * Reads OHLCV bars from a CSV file (`{ path }`) or CSV text (`{ text }`); see `parseCsvBars`. The
 * whole file is read into memory: files up to `MAX_CSV_BYTES` (100 MB) are accepted.
 */
export async function readCsvBars(
  input: { readonly path: string } | { readonly text: string },
  options: CsvReadOptions = {},
): Promise<CsvReadResult> {
  if ('text' in input) return parseCsvBars(input.text, options);
  const buffer = await readFile(input.path);
  if (buffer.byteLength > MAX_CSV_BYTES) {
    throw new CsvFormatError(`${input.path} is ${buffer.byteLength} bytes, over the ${MAX_CSV_BYTES}-byte limit`);
  }
  return parseCsvBars(buffer.toString('utf8'), options);
}
