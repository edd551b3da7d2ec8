import { BrokerError, type BrokerErrorDetails, type BrokerOperation } from './broker-error.ts';

/**
 * The broker refused the request for a reason that sending it again cannot fix (insufficient buying
 * power, unknown symbol, a price off the tick grid). Not retried; the order is recorded as
 * `rejected` with `reason`.
 */
export class BrokerRejectedError extends BrokerError {
  override readonly name: string = 'BrokerRejectedError';
  readonly retryable = false;
  /** The broker's own explanation (or ours, for requests refused before sending). */
  readonly reason: string;

  constructor(broker: string, operation: BrokerOperation, reason: string, details: BrokerErrorDetails = {}) {
    super(broker, operation, details.status === undefined ? reason : `HTTP ${details.status}: ${reason}`, details);
    this.reason = reason;
  }
}
