// The client order id is what makes an order happen at most once: a retried or duplicated
// `execute` job for the same (strategy, model, symbol, bar) computes the same id, and the unique
// orders.order_id (VARCHAR(50)) and the broker's client_order_id refuse the second one.
import { compactUtcMinute } from './compact-time.ts';
import { IdPartChecks } from './id-parts.ts';
import { shortHash } from './short-hash.ts';

export interface ClientOrderIdParts {
  /** orders.strategy: the configured strategy's name. */
  readonly strategy: string;
  readonly modelId: string;
  readonly symbol: string;
  /** Epoch ms of the bar the decision was made on (the prediction's timestamp). */
  readonly barTimestamp: number;
  /** Bar interval, e.g. '1h', when one model trades several intervals of a symbol. */
  readonly interval?: string | undefined;
}

const HASH_CHARS = 22; // 88 bits: a collision needs about 2^44 ids
const PREFIX_SYMBOL_CHARS = 10;

/** `o-AAPL-20240308T1430-<22 hex>`: at most 49 visible ASCII characters. */
export function clientOrderId(parts: ClientOrderIdParts): string {
  const checks = new IdPartChecks();
  checks.text('strategy', parts.strategy, 50); // orders.strategy VARCHAR(50)
  checks.text('modelId', parts.modelId, 50); // orders.model_id VARCHAR(50)
  checks.text('symbol', parts.symbol, 32, true); // orders.symbol VARCHAR(32)
  checks.timestamp('barTimestamp', parts.barTimestamp);
  if (parts.interval !== undefined) checks.text('interval', parts.interval, 20, true);
  checks.throwIfAny('client order id parts');
  // The readable prefix is for people (at most 10 characters of the symbol, so the id fits
  // VARCHAR(50) with Yahoo's 32-character symbols); uniqueness comes from the hash of the exact parts.
  const symbol = parts.symbol.slice(0, PREFIX_SYMBOL_CHARS).replace(/[^A-Za-z0-9.]/g, '_');
  const hash = shortHash(['order/v1', parts.strategy, parts.modelId, parts.symbol, parts.barTimestamp, parts.interval ?? null], HASH_CHARS);
  return `o-${symbol}-${compactUtcMinute(parts.barTimestamp)}-${hash}`;
}
