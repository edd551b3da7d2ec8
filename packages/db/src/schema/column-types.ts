import type { ColumnType } from 'kysely';

/** TIMESTAMPTZ: read as Date; written as Date or an ISO string with offset. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A TIMESTAMPTZ with a NOW() default. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * JSONB: read as the parsed value; written as a JSON string. pg would send a JS array as a
 * Postgres array literal rather than JSON, so writes go through JSON.stringify explicitly.
 */
export type Json = ColumnType<JsonValue | null, string | null | undefined, string | null>;
