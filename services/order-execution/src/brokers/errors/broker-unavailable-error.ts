import { BrokerError } from './broker-error.ts';

/**
 * No usable answer: 5xx, a timeout, a refused or reset connection, an unreadable 2xx body. Retry
 * later. For `submit` the order may have been accepted all the same (a timeout after the broker
 * stored it), so the retry starts with `getOrderByClientId`.
 */
export class BrokerUnavailableError extends BrokerError {
  override readonly name: string = 'BrokerUnavailableError';
  readonly retryable = true;
}
