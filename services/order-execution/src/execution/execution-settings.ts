import type { OrderExecutionConfig } from '@mltrading/config';
import type { Database } from '@mltrading/db';
import { createStrategy, fillSimulatorConfig, InvalidInputError, riskLimits, type RiskLimits, type Strategy } from '@mltrading/trading';
import type { Kysely } from 'kysely';
import type { Broker } from '../brokers/broker.ts';
import { alpacaBrokerFromConfig } from '../brokers/alpaca/alpaca-broker-from-config.ts';
import { createPaperBroker } from '../brokers/paper/paper-broker.ts';

/** The per-bar volatility the strategy sizes by: SD of 24 returns (FEATURES.md), per bar, not annualised. */
export const VOLATILITY_FEATURE = 'realized_vol_med';

/** Everything the execute worker and reconciliation need, built once from the configuration. */
export interface ExecutionSettings {
  readonly strategy: Strategy;
  readonly limits: RiskLimits;
  /** market_data source of prices (and of the paper broker's fills). */
  readonly source: string;
  readonly broker: Broker;
  /** Epoch ms now; tests pass a fixed clock to judge trading hours. */
  readonly now: () => number;
}

/**
 * Strategy, risk limits and broker from the configuration; a bad strategy parameter or limit throws
 * InvalidInputError listing every problem, so the service fails at start, not at the first order.
 * Trading hours default to the MARKET_* session unless RISK_LIMITS sets `tradingHours` (null = off).
 */
export function executionSettings(config: OrderExecutionConfig, db: Kysely<Database>, overrides: { now?: () => number; broker?: Broker } = {}): ExecutionSettings {
  const problems: string[] = [];
  const attempt = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const strategy = attempt(() => createStrategy({ kind: config.orderStrategy.kind, name: config.orderStrategy.name, params: config.orderStrategy.params }));
  const limits = attempt(() =>
    riskLimits({
      tradingHours: { timeZone: config.marketTimezone, sessionOpen: config.marketSession.open, sessionClose: config.marketSession.close },
      ...config.riskLimits,
    }),
  );
  const fills = attempt(() =>
    fillSimulatorConfig({ slippageBps: config.paperBroker.slippageBps, maxVolumeShare: config.paperBroker.maxVolumeShare, commission: config.paperBroker.commission }),
  );
  if (strategy === undefined || limits === undefined || fills === undefined) {
    throw new Error(`order-execution settings are invalid (ORDER_STRATEGY, ORDER_STRATEGY_PARAMS, RISK_LIMITS, PAPER_*):\n  - ${problems.join('\n  - ')}`);
  }
  const broker =
    overrides.broker ??
    (config.broker === 'alpaca'
      ? alpacaBrokerFromConfig(config)
      : createPaperBroker(db, { source: config.executionBarSource, fills, expireAfterBars: config.paperBroker.expireAfterBars }));
  return { strategy, limits, source: config.executionBarSource, broker, now: overrides.now ?? Date.now };
}
