import type { Insertable, Selectable } from 'kysely';
import type { DefaultTimestamp } from './column-types.ts';

export type ArtifactFormat = 'json' | 'onnx';

/** Model artifacts, content-addressed: the key is the SHA-256 of the bytes (lower-case hex). */
export interface ModelArtifactsTable {
  sha256: string;
  bytes: Buffer;
  size: number;
  format: ArtifactFormat;
  created_at: DefaultTimestamp;
}

export type ModelArtifactRow = Selectable<ModelArtifactsTable>;
export type NewModelArtifactRow = Insertable<ModelArtifactsTable>;
