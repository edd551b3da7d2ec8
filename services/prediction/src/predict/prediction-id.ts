import { createHash } from 'node:crypto';

/**
 * `p-` + 40 hex of SHA-256(model, symbol, bar time, type): deterministic, so a retried or repeated
 * predict job rewrites the same rows, and 42 characters, within `prediction_id VARCHAR(50)` whatever
 * the model id and symbol lengths.
 */
export function predictionId(modelId: string, symbol: string, timestampMs: number, predictionType: string): string {
  const key = [modelId, symbol, new Date(timestampMs).toISOString(), predictionType].join('\n');
  return `p-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
