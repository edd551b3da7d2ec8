export { BrokerError, type BrokerErrorDetails, type BrokerOperation } from './broker-error.ts';
export { BrokerAuthError } from './broker-auth-error.ts';
export { BrokerRateLimitedError } from './broker-rate-limited-error.ts';
export { BrokerRejectedError } from './broker-rejected-error.ts';
export { BrokerUnavailableError } from './broker-unavailable-error.ts';
export { DuplicateClientOrderIdError } from './duplicate-client-order-id-error.ts';
export { InvalidOrderRequestError } from './invalid-order-request-error.ts';
