import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Json, Timestamp } from './column-types.ts';

export interface PredictionsTable {
  id: Generated<number>;
  prediction_id: string;
  model_id: string;
  symbol: string;
  timestamp: Timestamp;
  prediction_type: string;
  prediction_value: number | null;
  confidence: number | null;
  features: Json;
  correlation_id: string | null;
  created_at: DefaultTimestamp;
}

export type Prediction = Selectable<PredictionsTable>;
export type NewPrediction = Insertable<PredictionsTable>;
export type PredictionUpdate = Updateable<PredictionsTable>;
