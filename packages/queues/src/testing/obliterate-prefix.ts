import type { Redis } from 'ioredis';

const GLOB_SPECIAL = /[*?[\]\\]/g;

/** Deletes every key under `prefix:` (all queues of a test prefix). Returns how many were removed. */
export async function obliteratePrefix(connection: Redis, prefix: string): Promise<number> {
  if (prefix === '' || prefix === 'mlt') {
    // A guard against wiping a real deployment's queues from a test helper.
    throw new Error(`refusing to obliterate prefix "${prefix}"`);
  }
  const pattern = `${prefix.replace(GLOB_SPECIAL, '\\$&')}:*`;
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await connection.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
