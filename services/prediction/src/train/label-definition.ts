import type { PayloadOf } from '@mltrading/queues';

/** What the label of a model is, in words and fields, stored with the model's parameters. */
export function labelDefinition(type: PayloadOf<'train'>['predictionType'], horizon: number) {
  const definitions = {
    price_direction: `1 if close[t+${horizon}] / close[t] − 1 > 0, else 0 (same symbol, bars within the window)`,
    momentum: `close[t+${horizon}] / close[t] − 1 (forward return)`,
    volatility: `sample standard deviation of the ${horizon} one-bar log returns after t`,
  } as const;
  return { type, horizon, definition: definitions[type], source: 'future closes of feature_engineered_data, computed at training time only' };
}
