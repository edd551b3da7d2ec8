// Encodes rows for COPY … FROM STDIN (FORMAT binary). Numbers go over the wire as IEEE doubles
// instead of decimal text, which spares both Node (number → shortest decimal string) and the
// server (text → double) the dominant cost of writing wide feature rows.

/** Column types this encoder writes, by pg_type oid. Others make bulkUpsert fall back to text. */
export const BINARY_TYPE_OIDS = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  timestamptz: 1184,
} as const;

const SUPPORTED = new Set<number>(Object.values(BINARY_TYPE_OIDS));

export function isBinaryEncodable(oids: readonly number[]): boolean {
  return oids.every((oid) => SUPPORTED.has(oid));
}

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);
// Postgres counts timestamps and dates from 2000-01-01 UTC.
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a value cannot be written in a column of that type (undefined when it can). */
export type BinaryRejection = string;

/**
 * Appends tuples to growing buffers and hands out full chunks. One writer per COPY; `field`
 * returns a rejection reason instead of throwing so the caller can name the row and column.
 */
export class CopyBinaryWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(private readonly chunkSize = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(chunkSize);
    this.put(HEADER);
  }

  startRow(fieldCount: number): void {
    this.ensure(2);
    this.buffer.writeInt16BE(fieldCount, this.offset);
    this.offset += 2;
  }

  /** Writes one field; returns a reason when the value does not fit the column type. */
  field(oid: number, value: unknown): BinaryRejection | undefined {
    if (value === null || value === undefined) {
      this.ensure(4);
      this.buffer.writeInt32BE(-1, this.offset);
      this.offset += 4;
      return undefined;
    }
    switch (oid) {
      case BINARY_TYPE_OIDS.float8:
      case BINARY_TYPE_OIDS.float4: {
        if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a finite number';
        const size = oid === BINARY_TYPE_OIDS.float8 ? 8 : 4;
        this.ensure(4 + size);
        this.buffer.writeInt32BE(size, this.offset);
        if (size === 8) this.buffer.writeDoubleBE(value, this.offset + 4);
        else this.buffer.writeFloatBE(value, this.offset + 4);
        this.offset += 4 + size;
        return undefined;
      }
      case BINARY_TYPE_OIDS.int2:
      case BINARY_TYPE_OIDS.int4:
      case BINARY_TYPE_OIDS.int8:
        return this.integer(oid, value);
      case BINARY_TYPE_OIDS.timestamptz: {
        const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
        if (!Number.isFinite(ms)) return 'not a valid instant';
        this.ensure(12);
        this.buffer.writeInt32BE(8, this.offset);
        this.buffer.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n, this.offset + 4);
        this.offset += 12;
        return undefined;
      }
      case BINARY_TYPE_OIDS.date: {
        const days = dateToPgDays(value);
        if (days === undefined) return 'not a YYYY-MM-DD date';
        this.ensure(8);
        this.buffer.writeInt32BE(4, this.offset);
        this.buffer.writeInt32BE(days, this.offset + 4);
        this.offset += 8;
        return undefined;
      }
      case BINARY_TYPE_OIDS.bool: {
        if (typeof value !== 'boolean') return 'not a boolean';
        this.ensure(5);
        this.buffer.writeInt32BE(1, this.offset);
        this.buffer[this.offset + 4] = value ? 1 : 0;
        this.offset += 5;
        return undefined;
      }
      default: {
        // Text columns take what the text format would write: strings, numbers, JSON of objects.
        const text =
          typeof value === 'string' ? value
          : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : undefined)
          : typeof value === 'bigint' || typeof value === 'boolean' ? String(value)
          : value instanceof Date ? (Number.isFinite(value.getTime()) ? value.toISOString() : undefined)
          : JSON.stringify(value);
        if (text === undefined) return 'not a storable value';
        const length = Buffer.byteLength(text, 'utf8');
        this.ensure(4 + length);
        this.buffer.writeInt32BE(length, this.offset);
        this.buffer.write(text, this.offset + 4, length, 'utf8');
        this.offset += 4 + length;
        return undefined;
      }
    }
  }

  /** The bytes written since the last take, when at least a chunk's worth has accumulated. */
  takeIfFull(): Buffer | undefined {
    return this.offset >= this.chunkSize * 0.9 ? this.take() : undefined;
  }

  /** Everything written so far, plus the trailer. */
  finish(): Buffer {
    this.put(TRAILER);
    return this.take();
  }

  private integer(oid: number, value: unknown): BinaryRejection | undefined {
    if (typeof value !== 'number' && typeof value !== 'bigint') return 'not an integer';
    if (typeof value === 'number' && !Number.isSafeInteger(value)) return 'not a safe integer';
    if (oid === BINARY_TYPE_OIDS.int8) {
      this.ensure(12);
      this.buffer.writeInt32BE(8, this.offset);
      this.buffer.writeBigInt64BE(BigInt(value), this.offset + 4);
      this.offset += 12;
      return undefined;
    }
    const n = Number(value);
    const size = oid === BINARY_TYPE_OIDS.int2 ? 2 : 4;
    const limit = size === 2 ? 0x7fff : 0x7fffffff;
    if (n > limit || n < -limit - 1) return `out of range for a ${size * 8}-bit integer`;
    this.ensure(4 + size);
    this.buffer.writeInt32BE(size, this.offset);
    if (size === 2) this.buffer.writeInt16BE(n, this.offset + 4);
    else this.buffer.writeInt32BE(n, this.offset + 4);
    this.offset += 4 + size;
    return undefined;
  }

  private put(bytes: Buffer): void {
    this.ensure(bytes.length);
    bytes.copy(this.buffer, this.offset);
    this.offset += bytes.length;
  }

  private take(): Buffer {
    const out = this.buffer.subarray(0, this.offset);
    this.buffer = Buffer.allocUnsafe(this.chunkSize);
    this.offset = 0;
    return out;
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

function dateToPgDays(value: unknown): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? Math.floor((ms - PG_EPOCH_MS) / DAY_MS) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(match[3])) return undefined;
  return (ms - PG_EPOCH_MS) / DAY_MS;
}
