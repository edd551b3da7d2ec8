import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Json } from './column-types.ts';

export type ModelStatus = 'active' | 'inactive' | 'archived' | 'training';

export interface ModelsTable {
  id: Generated<number>;
  model_id: string;
  name: string;
  version: string;
  model_type: string;
  parameters: Json;
  metrics: Json;
  file_path: string | null;
  status: Generated<ModelStatus>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type Model = Selectable<ModelsTable>;
export type NewModel = Insertable<ModelsTable>;
export type ModelUpdate = Updateable<ModelsTable>;
