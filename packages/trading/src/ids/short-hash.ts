import { hash } from 'node:crypto';

/**
 * First `hexChars` hex digits of SHA-256 over a JSON array of the parts. JSON keeps the encoding
 * unambiguous (no separator a part could contain), so different parts never hash the same input.
 * One-shot `crypto.hash` (Node ≥ 20.12) is several times faster than createHash per id, and ids
 * are made per order and per fill in the backtest's loop.
 */
export function shortHash(parts: readonly (string | number | null)[], hexChars: number): string {
  return hash('sha256', JSON.stringify(parts), 'hex').slice(0, hexChars);
}
