import { BrokerError } from './broker-error.ts';

/**
 * The broker already holds an order with this client order id: an earlier attempt got through (its
 * answer may have been lost to a timeout or a crash). Not an error of the order: the caller reads the
 * existing order with `getOrderByClientId` and carries on with it; it never sends again.
 */
export class DuplicateClientOrderIdError extends BrokerError {
  override readonly name: string = 'DuplicateClientOrderIdError';
  readonly retryable = false;

  constructor(broker: string, clientOrderId: string, status?: number) {
    super(broker, 'submit', 'the broker already has an order with this client order id; read it back instead of sending again', {
      clientOrderId,
      ...(status === undefined ? {} : { status }),
    });
  }
}
