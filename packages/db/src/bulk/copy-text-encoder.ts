// Encodes values for COPY … FROM STDIN in text format: one row per line, tab-separated, `\N` for
// NULL, and backslash escapes for the four characters that would break the framing.

export const COPY_NULL = '\\N';

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const ESCAPABLE = /[\\\n\r\t]/g;

export function escapeCopyText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (ch) => ESCAPES[ch]!) : text;
}

/** Thrown for a value that must never reach the database (NaN, ±Infinity, an invalid Date). */
export class InvalidValueError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly rowIndex: number,
    readonly value: unknown,
    readonly reason = 'NaN, ±Infinity and invalid dates are refused',
  ) {
    super(`${table}: invalid value ${String(value)} in column "${column}" of row ${rowIndex}: ${reason}`);
    this.name = 'InvalidValueError';
  }
}

/**
 * The COPY text of one value, or undefined when it cannot be stored (the caller names the column
 * and row in the error). null and undefined both encode as NULL.
 */
export function encodeCopyValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'string':
      return escapeCopyText(value);
    case 'undefined':
      return COPY_NULL;
    case 'boolean':
      return value ? 't' : 'f';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return COPY_NULL;
      // Instants are written in UTC so the session time zone never shifts them.
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
      return escapeCopyText(JSON.stringify(value));
    }
    default:
      return undefined;
  }
}
