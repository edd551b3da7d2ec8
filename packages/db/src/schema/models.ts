import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Json, Timestamp } from './column-types.ts';

/** candidate → active → retired; 'training' for a row written before its model is fitted. */
export type ModelStatus = 'candidate' | 'active' | 'retired' | 'training';

export interface ModelsTable {
  id: Generated<number>;
  model_id: string;
  name: string;
  version: string;
  model_type: string;
  parameters: Json;
  metrics: Json;
  /** Where the artifact is: `pg-artifact://<sha256>` for artifacts stored in model_artifacts. */
  file_path: string | null;
  status: Generated<ModelStatus>;
  /** Bar interval the model predicts ('1h', …); the predict job selects active models by it. */
  interval: string | null;
  /** price_direction, volatility, momentum, … */
  prediction_type: string | null;
  promoted_at: Timestamp | null;
  retired_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type Model = Selectable<ModelsTable>;
export type NewModel = Insertable<ModelsTable>;
export type ModelUpdate = Updateable<ModelsTable>;
