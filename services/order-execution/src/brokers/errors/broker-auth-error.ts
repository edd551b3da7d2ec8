import { BrokerError, type BrokerErrorDetails, type BrokerOperation } from './broker-error.ts';

/**
 * Missing or refused credentials (HTTP 401). Not the order's fault and not fixed by retrying soon:
 * an operator has to fix the keys. Nothing was placed.
 */
export class BrokerAuthError extends BrokerError {
  override readonly name: string = 'BrokerAuthError';
  readonly retryable = false;

  constructor(broker: string, operation: BrokerOperation, message: string, details: BrokerErrorDetails = {}) {
    super(broker, operation, message, details);
  }
}
