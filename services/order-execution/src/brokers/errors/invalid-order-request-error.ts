import { BrokerRejectedError } from './broker-rejected-error.ts';

/**
 * A request refused before anything was sent (zero, negative or non-finite quantity or price, a
 * missing limit price, …). A `BrokerRejectedError`, so callers record it the same way; `sent` says
 * the broker never saw it.
 */
export class InvalidOrderRequestError extends BrokerRejectedError {
  override readonly name: string = 'InvalidOrderRequestError';
  readonly sent = false;

  constructor(broker: string, reason: string, clientOrderId?: string) {
    super(broker, 'submit', `not sent: ${reason}`, clientOrderId === undefined ? {} : { clientOrderId });
  }
}
