import { ModelInputError } from '../errors/model-input-error.ts';

export type PredictionType = 'price_direction' | 'volatility' | 'momentum';
export const PREDICTION_TYPES: readonly PredictionType[] = ['price_direction', 'volatility', 'momentum'];

/** What a model learns for a prediction type: a binary class or a real value. */
export type Task = 'binary' | 'regression';

export function taskOf(type: PredictionType): Task {
  return type === 'price_direction' ? 'binary' : 'regression';
}

export function assertPredictionType(type: string): asserts type is PredictionType {
  if (!(PREDICTION_TYPES as readonly string[]).includes(type)) {
    throw new ModelInputError(`unknown prediction type "${type}" (expected one of ${PREDICTION_TYPES.join(', ')})`);
  }
}

/**
 * Horizon h in bars. volatility is a sample standard deviation of h returns, so it needs h ≥ 2
 * (one return has no sample spread); the other types need h ≥ 1.
 */
export function assertHorizon(horizon: number, type?: PredictionType): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ModelInputError(`horizon must be an integer ≥ 1 (bars), got ${String(horizon)}`);
  }
  if (type === 'volatility' && horizon < 2) {
    throw new ModelInputError(`volatility needs horizon ≥ 2: it is the sample standard deviation of h one-bar log returns (got ${horizon})`);
  }
}
