// The replay builds its strategy through a registry so a test can add a strategy of its own (the
// deliberately leaky one of the bias test) without it ever entering the shipped registry.
import { InvalidInputError, STRATEGY_KINDS, createStrategy, type Strategy, type StrategyConfig } from '@mltrading/trading';
import type { SymbolInput } from './replay-input.ts';

/**
 * What the replay was given, for strategies that read bars themselves. A strategy must read only
 * what is passed here (never data captured elsewhere): that is what the look-ahead check can see.
 */
export interface StrategyContext {
  readonly universe: readonly SymbolInput[];
}

export interface StrategyRegistry {
  readonly kinds: readonly string[];
  create(config: StrategyConfig, context: StrategyContext): Strategy;
}

/** @mltrading/trading's registry: the strategies live trading runs. */
export const TRADING_STRATEGIES: StrategyRegistry = Object.freeze({ kinds: STRATEGY_KINDS, create: (config: StrategyConfig) => createStrategy(config) });

export type StrategyFactory = (name: string, params: unknown, context: StrategyContext) => Strategy;

/** A registry with extra kinds on top of `base`; a kind already in `base` is refused. */
export function withStrategies(extra: Readonly<Record<string, StrategyFactory>>, base: StrategyRegistry = TRADING_STRATEGIES): StrategyRegistry {
  for (const kind of Object.keys(extra)) {
    if (base.kinds.includes(kind)) throw new InvalidInputError('strategy registry', [{ path: kind, message: `strategy kind '${kind}' already exists` }]);
  }
  const kinds = [...base.kinds, ...Object.keys(extra)];
  return Object.freeze({
    kinds,
    create(config: StrategyConfig, context: StrategyContext): Strategy {
      if (Object.hasOwn(extra, config.kind)) return extra[config.kind]!(config.name ?? config.kind, config.params ?? {}, context);
      if (base.kinds.includes(config.kind)) return base.create(config, context);
      throw new InvalidInputError('strategy', [{ path: 'kind', message: `unknown strategy '${config.kind}' (known: ${kinds.join(', ')})` }]);
    },
  });
}
