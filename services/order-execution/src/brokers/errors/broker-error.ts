/** What a broker call was doing when it failed: part of every message, so logs say which step broke. */
export type BrokerOperation = 'submit' | 'get' | 'cancel' | 'fills';

export interface BrokerErrorDetails {
  readonly clientOrderId?: string;
  /** HTTP status, when the broker answered. */
  readonly status?: number;
  readonly cause?: unknown;
}

/**
 * Base of every broker failure. `retryable` is the one question a job handler asks: retry later (the
 * order's outcome is resolved by client order id first), or record the order as refused.
 * Messages never contain credentials: bodies and network errors are redacted before they get here.
 */
export abstract class BrokerError extends Error {
  abstract readonly retryable: boolean;
  readonly broker: string;
  readonly operation: BrokerOperation;
  readonly clientOrderId: string | undefined;
  readonly status: number | undefined;

  constructor(broker: string, operation: BrokerOperation, message: string, details: BrokerErrorDetails = {}) {
    const order = details.clientOrderId === undefined ? '' : ` ${details.clientOrderId}`;
    super(`${broker} ${operation}${order}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.broker = broker;
    this.operation = operation;
    this.clientOrderId = details.clientOrderId;
    this.status = details.status;
  }
}
