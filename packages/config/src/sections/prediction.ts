// The prediction service: its sweep of feature rows without predictions and the retraining schedule.
import { integer } from '../fields.ts';
import { defineSection } from '../section.ts';

export interface PredictionSettings {
  /** Period of the prediction sweep (feature rows without a prediction of an active model are queued again). */
  readonly predictionSweepEveryMs: number;
  /** How far back the prediction sweep looks for feature rows without a prediction. */
  readonly predictionSweepLookbackMs: number;
  /** Period of the retraining of active models on a rolling window. */
  readonly predictionRetrainEveryMs: number;
}

export const predictionSection = defineSection({
  name: 'prediction',
  variables: {
    PREDICTION_SWEEP_EVERY_MS: integer('PREDICTION_SWEEP_EVERY_MS', 1_000, 604_800_000).default(900_000),
    PREDICTION_SWEEP_LOOKBACK_MS: integer('PREDICTION_SWEEP_LOOKBACK_MS', 60_000, 31_536_000_000).default(604_800_000),
    PREDICTION_RETRAIN_EVERY_MS: integer('PREDICTION_RETRAIN_EVERY_MS', 60_000, 31_536_000_000).default(604_800_000),
  },
  read: (raw): PredictionSettings => ({
    predictionSweepEveryMs: raw.PREDICTION_SWEEP_EVERY_MS,
    predictionSweepLookbackMs: raw.PREDICTION_SWEEP_LOOKBACK_MS,
    predictionRetrainEveryMs: raw.PREDICTION_RETRAIN_EVERY_MS,
  }),
});
