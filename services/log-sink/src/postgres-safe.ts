/**
 * Limits of what the log sink stores, so one record can neither make PostgreSQL refuse a batch
 * nor fill a table: a message, error text or stack trace keeps its first LOG_TEXT_MAX_CHARS
 * characters, and metadata whose JSON exceeds LOG_METADATA_MAX_CHARS is replaced by a preview.
 */
export const LOG_TEXT_MAX_CHARS = 65_536;
export const LOG_METADATA_MAX_CHARS = 65_536;
const METADATA_PREVIEW_CHARS = 4_096;

/** What replaces a NUL (PostgreSQL text and jsonb cannot hold U+0000: SQLSTATE 22021 / 22P05) or a lone surrogate. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string PostgreSQL accepts in text and jsonb: NUL replaced, lone surrogates (which jsonb refuses
 * as `\ud800` escapes) made well-formed.
 */
export function postgresSafeString(value: string): string {
  return value.replace(NUL, REPLACEMENT_CHARACTER).replace(LONE_SURROGATE, REPLACEMENT_CHARACTER);
}

/**
 * The first `maxChars` characters and a marker giving the original length, or the value itself.
 * `originalLength` is the length before any earlier cut (see storableText).
 */
export function truncateText(value: string, maxChars = LOG_TEXT_MAX_CHARS, originalLength = value.length): string {
  if (value.length <= maxChars && originalLength <= value.length) return value;
  // Never split a surrogate pair at the cut.
  const end = Math.min(value.length, /[\uD800-\uDBFF]/.test(value[maxChars - 1] ?? '') ? maxChars - 1 : maxChars);
  return `${value.slice(0, end)}…[truncated: ${Math.max(originalLength, value.length)} characters in all]`;
}

/** A JSON value with every string (keys included) made safe for jsonb, recursively. */
export function postgresSafeJson(value: unknown): unknown {
  if (typeof value === 'string') return postgresSafeString(value);
  if (Array.isArray(value)) return value.map(postgresSafeJson);
  if (value !== null && typeof value === 'object') {
    const safe: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) safe[postgresSafeString(key)] = postgresSafeJson(item);
    return safe;
  }
  return value;
}

/** Metadata made safe and capped: over the limit, a preview of its JSON and its size stand in. */
export function boundedMetadata<T>(value: T): T | { truncated: true; originalChars: number; preview: string } {
  const safe = postgresSafeJson(value) as T;
  const json = JSON.stringify(safe);
  if (json === undefined || json.length <= LOG_METADATA_MAX_CHARS) return safe;
  return { truncated: true, originalChars: json.length, preview: json.slice(0, METADATA_PREVIEW_CHARS) };
}
