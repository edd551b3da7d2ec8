// Strategies by name, so configuration (and the backtest's `--strategy`) selects one with its
// parameters, and an unknown name or a bad parameter fails at start with every problem listed.
import { z } from 'zod';
import { InvalidInputError } from '../errors/invalid-input-error.ts';
import { parseInput } from '../validation/parse-input.ts';
import { directionThresholdParamsSchema, directionThresholdStrategy } from './direction-threshold.ts';
import type { Strategy } from './strategy.ts';

interface StrategyFactory {
  readonly description: string;
  readonly paramsSchema: z.ZodType;
  create(name: string, params: unknown): Strategy;
}

const FACTORIES = {
  'direction-threshold': {
    description: 'price_direction prediction with confidence ≥ threshold → position sized by risk budget / volatility',
    paramsSchema: directionThresholdParamsSchema,
    create: (name: string, params: unknown) =>
      directionThresholdStrategy(name, parseInput(`direction-threshold parameters (strategy ${name})`, directionThresholdParamsSchema, params)),
  },
} satisfies Record<string, StrategyFactory>;

export type StrategyKind = keyof typeof FACTORIES;
export const STRATEGY_KINDS = Object.keys(FACTORIES) as StrategyKind[];

export interface StrategyConfig {
  readonly kind: string;
  /** orders.strategy; defaults to the kind. Two configurations of one kind need two names. */
  readonly name?: string;
  /** Validated by the kind's schema; omitted fields take their defaults. */
  readonly params?: unknown;
}

const nameSchema = z.string().regex(/^[\x21-\x7e]+$/, 'must be visible ASCII without spaces').max(50);

export function createStrategy(config: StrategyConfig): Strategy {
  if (!Object.hasOwn(FACTORIES, config.kind)) {
    throw new InvalidInputError('strategy', [{ path: 'kind', message: `unknown strategy '${config.kind}' (known: ${STRATEGY_KINDS.join(', ')})` }]);
  }
  const factory: StrategyFactory = FACTORIES[config.kind as StrategyKind];
  const name = parseInput('strategy name', nameSchema, config.name ?? config.kind);
  return factory.create(name, config.params ?? {});
}

export function describeStrategies(): { kind: StrategyKind; description: string }[] {
  return STRATEGY_KINDS.map((kind) => ({ kind, description: FACTORIES[kind].description }));
}
