import { randomBytes } from 'node:crypto';

/** A BullMQ prefix of its own for one test file, so files can share one Redis without collisions. */
export function uniquePrefix(): string {
  return `mlt-test-${randomBytes(6).toString('hex')}`;
}
