import { createHash } from 'node:crypto';

/**
 * First `hexChars` hex digits of SHA-256 over a JSON array of the parts. JSON keeps the encoding
 * unambiguous (no separator a part could contain), so different parts never hash the same input.
 */
export function shortHash(parts: readonly (string | number | null)[], hexChars: number): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, hexChars);
}
