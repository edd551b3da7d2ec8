import { BrokerError, type BrokerErrorDetails, type BrokerOperation } from './broker-error.ts';

/** HTTP 429. The request was not processed; retry after `retryAfterMs`. */
export class BrokerRateLimitedError extends BrokerError {
  override readonly name: string = 'BrokerRateLimitedError';
  readonly retryable = true;
  readonly retryAfterMs: number;

  constructor(broker: string, operation: BrokerOperation, retryAfterMs: number, details: BrokerErrorDetails = {}) {
    super(broker, operation, `rate limited (HTTP 429), retry after ${retryAfterMs} ms`, details);
    this.retryAfterMs = retryAfterMs;
  }
}
