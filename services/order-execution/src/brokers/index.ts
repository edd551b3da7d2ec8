export * from './broker.ts';
export * from './errors/index.ts';
export { validateOrderRequest } from './validate-order-request.ts';
export { createAlpacaBroker, ALPACA_PAPER_TRADING_URL, DEFAULT_ALPACA_TIMEOUT_MS, type AlpacaBrokerOptions } from './alpaca/alpaca-broker.ts';
export { alpacaBrokerFromConfig } from './alpaca/alpaca-broker-from-config.ts';
export { ALPACA_ORDER_STATUSES, mapAlpacaStatus, type AlpacaOrderStatus } from './alpaca/alpaca-order-status.ts';
export { fillIdFor } from './alpaca/alpaca-responses.ts';
