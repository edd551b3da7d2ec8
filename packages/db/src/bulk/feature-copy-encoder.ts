// Encodes computed feature columns straight into COPY binary tuples: one pass over Float64Arrays,
// no row objects, no per-value type dispatch. Column order is FEATURE_COPY_COLUMNS.
import { FEATURES_V3, type FeatureColumns } from '@mltrading/features';
import { BAR_FIELDS, type BarColumns } from '@mltrading/market';

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TWO_32 = 2 ** 32;
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const ROWS_PER_CHUNK = 2_048;

/** The five bar fields stored beside the features. */
export const FEATURE_BAR_COLUMNS = BAR_FIELDS;

/** Written columns, in tuple order: key and bookkeeping, the bar, then the catalog's features. */
export const FEATURE_COPY_COLUMNS = [
  'symbol',
  'timestamp',
  'source',
  'feature_version',
  'correlation_id',
  ...FEATURE_BAR_COLUMNS,
  ...FEATURES_V3.map((f) => f.name),
] as const;

/** One symbol's rows as columns: row i is bar i (timestamp strictly increasing) with its features. */
export type FeatureColumnsBatch = BarColumns & {
  symbol: string;
  source: string;
  featureVersion: string;
  correlationId: string | null;
  /** Features of each row; NaN and ±Infinity are written as NULL. */
  columns: FeatureColumns;
};

type Kind = 0 | 1 | 2; // double, smallint, date
const FEATURE_KINDS: Kind[] = FEATURES_V3.map((f) => (f.sqlType === 'double precision' ? 0 : f.sqlType === 'smallint' ? 1 : 2));
const FEATURE_NAMES_IN_ORDER = FEATURES_V3.map((f) => f.name);

export class InvalidFeatureBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFeatureBatchError';
  }
}

/** Checks lengths and the key fields before anything is encoded. */
export function checkFeatureBatch(batch: FeatureColumnsBatch): number {
  const n = batch.timestamp.length;
  for (const field of FEATURE_BAR_COLUMNS) {
    if (batch[field].length !== n) throw new InvalidFeatureBatchError(`${field} has ${batch[field].length} values, timestamp has ${n}`);
  }
  for (const name of FEATURE_NAMES_IN_ORDER) {
    const column = (batch.columns as Record<string, ArrayLike<unknown>>)[name];
    if (column === undefined || column.length !== n) {
      throw new InvalidFeatureBatchError(`feature column ${name} has ${column?.length ?? 'no'} values, timestamp has ${n}`);
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(batch.timestamp[i]!)) throw new InvalidFeatureBatchError(`timestamp ${i} is not a finite instant`);
  }
  return n;
}

/** COPY binary chunks of rows [from, to) of the batch, header first and trailer last. */
export function* encodeFeatureBatch(batch: FeatureColumnsBatch, from = 0, to = batch.timestamp.length): Generator<Buffer> {
  const symbol = Buffer.from(batch.symbol, 'utf8');
  const source = Buffer.from(batch.source, 'utf8');
  const version = Buffer.from(batch.featureVersion, 'utf8');
  const correlation = batch.correlationId === null ? null : Buffer.from(batch.correlationId, 'utf8');
  const fieldCount = FEATURE_COPY_COLUMNS.length;
  const rowBytes =
    2 + (4 + symbol.length) + 12 + (4 + source.length) + (4 + version.length) + (4 + (correlation?.length ?? 0)) + 12 * (5 + FEATURE_KINDS.length);
  const bars = FEATURE_BAR_COLUMNS.map((field) => batch[field]);
  const features = FEATURE_NAMES_IN_ORDER.map((name) => (batch.columns as Record<string, unknown>)[name]);
  const dayCache = new Map<string, number>();

  let first = true;
  for (let start = from; start < to || first; start += ROWS_PER_CHUNK) {
    const end = Math.min(to, start + ROWS_PER_CHUNK);
    const buffer = Buffer.allocUnsafe((first ? HEADER.length : 0) + (end - start) * rowBytes + 2);
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    let o = 0;
    if (first) {
      HEADER.copy(buffer, 0);
      o = HEADER.length;
      first = false;
    }
    for (let i = start; i < end; i++) {
      view.setInt16(o, fieldCount);
      o += 2;
      o = putBytes(buffer, view, o, symbol);
      // timestamptz: microseconds since 2000-01-01 as int64 (exact in a double up to year ~287,000).
      const micros = (batch.timestamp[i]! - PG_EPOCH_MS) * 1000;
      const high = Math.floor(micros / TWO_32);
      view.setInt32(o, 8);
      view.setInt32(o + 4, high);
      view.setUint32(o + 8, micros - high * TWO_32);
      o += 12;
      o = putBytes(buffer, view, o, source);
      o = putBytes(buffer, view, o, version);
      if (correlation === null) {
        view.setInt32(o, -1);
        o += 4;
      } else {
        o = putBytes(buffer, view, o, correlation);
      }
      for (let b = 0; b < 5; b++) o = putDouble(view, o, bars[b]![i]!);
      for (let f = 0; f < FEATURE_KINDS.length; f++) {
        const kind = FEATURE_KINDS[f]!;
        if (kind === 0) {
          o = putDouble(view, o, (features[f] as Float64Array)[i]!);
        } else if (kind === 1) {
          const v = (features[f] as Float64Array)[i]!;
          if (Number.isFinite(v)) {
            view.setInt32(o, 2);
            view.setInt16(o + 4, v);
            o += 6;
          } else {
            view.setInt32(o, -1);
            o += 4;
          }
        } else {
          const date = (features[f] as (string | null)[])[i];
          const days = date == null ? undefined : dayNumber(date, dayCache);
          if (days === undefined) {
            view.setInt32(o, -1);
            o += 4;
          } else {
            view.setInt32(o, 4);
            view.setInt32(o + 4, days);
            o += 8;
          }
        }
      }
    }
    if (end >= to) {
      view.setInt16(o, -1);
      o += 2;
    }
    yield buffer.subarray(0, o);
  }
}

function putBytes(buffer: Buffer, view: DataView, o: number, bytes: Buffer): number {
  view.setInt32(o, bytes.length);
  bytes.copy(buffer, o + 4);
  return o + 4 + bytes.length;
}

function putDouble(view: DataView, o: number, v: number): number {
  if (v - v === 0) {
    // finite (NaN - NaN and Inf - Inf are NaN)
    view.setInt32(o, 8);
    view.setFloat64(o + 4, v);
    return o + 12;
  }
  view.setInt32(o, -1);
  return o + 4;
}

function dayNumber(date: string, cache: Map<string, number>): number | undefined {
  let days = cache.get(date);
  if (days === undefined) {
    const ms = Date.parse(`${date}T00:00:00Z`);
    if (!Number.isFinite(ms) || date.length !== 10) return undefined;
    days = (ms - PG_EPOCH_MS) / DAY_MS;
    cache.set(date, days);
  }
  return days;
}
