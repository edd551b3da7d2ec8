import { createHash } from 'node:crypto';

const MAX_JOB_ID_LENGTH = 200;

/** A short stable hash (64 bits of SHA-256, hex) for id parts too long or too many to spell out. */
export function shortHash(values: readonly string[]): string {
  return createHash('sha256').update(values.join('\n')).digest('hex').slice(0, 16);
}

/** `2024-01-02T03:04:05.000Z` → `20240102T030405Z`: no ':' (refused by BullMQ) and no '-' (our separator). */
export function compactTimestamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.000Z$/, 'Z');
}

/**
 * Joins id parts with '-' after replacing anything outside [A-Za-z0-9._-] with '_'. BullMQ 6 refuses
 * custom ids that contain ':' (unless they split into exactly three parts, a legacy repeatable-job
 * form) or that are integers; every id here starts with the queue name, so it is never an integer.
 * Over-long ids keep a readable head and end in a hash of the whole.
 */
export function buildJobId(queue: string, parts: readonly string[]): string {
  const id = [queue, ...parts].map((part) => part.replace(/[^A-Za-z0-9._-]/g, '_')).join('-');
  if (id.length <= MAX_JOB_ID_LENGTH) return id;
  return `${id.slice(0, MAX_JOB_ID_LENGTH - 17)}~${shortHash([id])}`;
}

/** Why BullMQ would refuse `jobId`, or undefined when it is acceptable. */
export function jobIdProblem(jobId: string): string | undefined {
  if (jobId === '') return 'job id must not be empty';
  if (`${Number.parseInt(jobId, 10)}` === jobId) return `job id "${jobId}" must not be an integer (BullMQ reserves those)`;
  if (jobId.includes(':')) return `job id "${jobId}" must not contain ":" (BullMQ key separator)`;
  return undefined;
}
