// The order-execution service: the broker, the strategy, risk limits, the paper broker's fills and
// the reconciliation period.
import { z } from 'zod';
import { choice, decimal, integer, jsonObject, urlWithScheme } from '../fields.ts';
import { defineSection } from '../section.ts';
import { alpacaKeyFields, ingestSourceField } from './shared-fields.ts';

const BROKERS = ['paper', 'alpaca'] as const;
export type BrokerName = (typeof BROKERS)[number];

export type PaperCommission = { model: 'per_share'; perShare: number; minimum: number } | { model: 'bps'; bps: number; minimum: number };

export interface OrderExecutionSettings {
  /** Where orders go: the built-in paper broker or Alpaca. */
  readonly broker: BrokerName;
  readonly alpacaApiKeyId: string | undefined;
  readonly alpacaApiSecretKey: string | undefined;
  /** Alpaca trading API origin (orders, account activities); the paper endpoint unless overridden. */
  readonly alpacaTradingUrl: string;
  /** The strategy: its kind, its name (orders.strategy; default the kind) and its parameters (validated at start). */
  readonly orderStrategy: { readonly kind: string; readonly name: string; readonly params: Readonly<Record<string, unknown>> };
  /** Risk limits as the trading package's `riskLimits` reads them (validated at start); trading hours default to MARKET_*. */
  readonly riskLimits: Readonly<Record<string, unknown>>;
  /** The market_data source whose bars give order prices and the paper broker its fills. */
  readonly executionBarSource: string;
  /** The paper broker's fill simulator. */
  readonly paperBroker: {
    readonly slippageBps: number;
    readonly commission: PaperCommission;
    /** Largest share of a bar's volume one order takes; null = no cap. */
    readonly maxVolumeShare: number | null;
    /** A paper order trades on at most this many bars after its decision bar, then expires. */
    readonly expireAfterBars: number;
  };
  /** Period of the reconciliation with the broker and of the sweep of undecided predictions. */
  readonly reconcileEveryMs: number;
}

/** `per_share:0.005:1` (USD per share, minimum per fill) or `bps:1:0` (basis points of notional, minimum per fill). */
const paperCommission = z.string().transform((raw, ctx): PaperCommission => {
  const match = /^(per_share|bps):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(raw.trim());
  if (match) {
    const [, model, rate, minimum] = match;
    if (model === 'per_share') return { model, perShare: Number(rate), minimum: Number(minimum) };
    if (Number(rate) <= 10_000) return { model: 'bps', bps: Number(rate), minimum: Number(minimum) };
  }
  ctx.addIssue({ code: 'custom', message: 'PAPER_COMMISSION must be per_share:<USD per share>:<minimum> or bps:<0-10000>:<minimum>, such as per_share:0.005:1' });
  return z.NEVER;
});

/** A share of a bar's volume in (0, 1], or `none` for no cap. */
const volumeShare = z.string().transform((raw, ctx): number | null => {
  const text = raw.trim().toLowerCase();
  if (text === 'none') return null;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (value > 0 && value <= 1) return value;
  ctx.addIssue({ code: 'custom', message: 'PAPER_MAX_VOLUME_SHARE must be a number in (0, 1] or none' });
  return z.NEVER;
});

export const orderExecutionSection = defineSection({
  name: 'order-execution',
  variables: {
    BROKER: choice('BROKER', BROKERS).default('paper'),
    ...alpacaKeyFields,
    // Alpaca's paper-trading endpoint by default, so a key pair alone never reaches a live account.
    ALPACA_TRADING_URL: urlWithScheme('ALPACA_TRADING_URL', ['http', 'https']).default('https://paper-api.alpaca.markets'),
    ORDER_STRATEGY: z.string().trim().regex(/^[a-z0-9-]{1,50}$/, { error: 'ORDER_STRATEGY must name a strategy kind, such as direction-threshold' }).default('direction-threshold'),
    ORDER_STRATEGY_NAME: z.string().trim().regex(/^[\x21-\x7e]{1,50}$/, { error: 'ORDER_STRATEGY_NAME must be 1 to 50 visible ASCII characters' }).optional(),
    ORDER_STRATEGY_PARAMS: jsonObject('ORDER_STRATEGY_PARAMS').default({}),
    RISK_LIMITS: jsonObject('RISK_LIMITS').default({}),
    EXECUTION_BAR_SOURCE: z.string().trim().regex(/^[a-z0-9_-]{1,20}$/, { error: 'EXECUTION_BAR_SOURCE must be a market_data source such as yahoo or synthetic' }).optional(),
    // The default bar source: the one the ingestion schedule fills.
    INGEST_SOURCE: ingestSourceField,
    PAPER_SLIPPAGE_BPS: decimal('PAPER_SLIPPAGE_BPS', 0, 10_000).default(5),
    PAPER_COMMISSION: paperCommission.default({ model: 'per_share', perShare: 0.005, minimum: 1 }),
    PAPER_MAX_VOLUME_SHARE: volumeShare.default(0.1),
    PAPER_EXPIRE_AFTER_BARS: integer('PAPER_EXPIRE_AFTER_BARS', 1, 100_000).default(20),
    RECONCILE_EVERY_MS: integer('RECONCILE_EVERY_MS', 1_000, 86_400_000).default(60_000),
  },
  // Orders must not wait until the first prediction to find out that the broker cannot be reached.
  check(env, ctx) {
    if (env.BROKER !== 'alpaca') return;
    for (const key of ['ALPACA_API_KEY_ID', 'ALPACA_API_SECRET_KEY'] as const) {
      if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when BROKER is alpaca` });
    }
  },
  read: (raw): OrderExecutionSettings => ({
    broker: raw.BROKER,
    alpacaApiKeyId: raw.ALPACA_API_KEY_ID,
    alpacaApiSecretKey: raw.ALPACA_API_SECRET_KEY,
    alpacaTradingUrl: raw.ALPACA_TRADING_URL,
    orderStrategy: Object.freeze({ kind: raw.ORDER_STRATEGY, name: raw.ORDER_STRATEGY_NAME ?? raw.ORDER_STRATEGY, params: Object.freeze(raw.ORDER_STRATEGY_PARAMS) }),
    riskLimits: Object.freeze(raw.RISK_LIMITS),
    executionBarSource: raw.EXECUTION_BAR_SOURCE ?? raw.INGEST_SOURCE,
    paperBroker: Object.freeze({
      slippageBps: raw.PAPER_SLIPPAGE_BPS,
      commission: Object.freeze(raw.PAPER_COMMISSION),
      maxVolumeShare: raw.PAPER_MAX_VOLUME_SHARE,
      expireAfterBars: raw.PAPER_EXPIRE_AFTER_BARS,
    }),
    reconcileEveryMs: raw.RECONCILE_EVERY_MS,
  }),
});
