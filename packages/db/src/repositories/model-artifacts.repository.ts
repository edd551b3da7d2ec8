import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ArtifactCorruptError, ArtifactNotFoundError, InvalidArtifactReferenceError } from '../errors/artifact-errors.ts';
import type { Database } from '../schema/database.ts';
import type { ArtifactFormat } from '../schema/model-artifacts.ts';

export const ARTIFACT_URI_PREFIX = 'pg-artifact://';
const SHA256_HEX = /^[0-9a-f]{64}$/;
const FORMATS: readonly ArtifactFormat[] = ['json', 'onnx'];

/** `pg-artifact://<sha256>`, the models.file_path of an artifact stored in the database. */
export function artifactUri(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new InvalidArtifactReferenceError(sha256);
  return `${ARTIFACT_URI_PREFIX}${sha256}`;
}

/** The SHA-256 of a `pg-artifact://` URI (or of a bare SHA-256); anything else is refused. */
export function parseArtifactReference(reference: string): string {
  const sha256 = reference.startsWith(ARTIFACT_URI_PREFIX) ? reference.slice(ARTIFACT_URI_PREFIX.length) : reference;
  if (!SHA256_HEX.test(sha256)) throw new InvalidArtifactReferenceError(reference);
  return sha256;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface StoredArtifact {
  sha256: string;
  uri: string;
  size: number;
  format: ArtifactFormat;
  /** False when the same bytes were stored already (storing is idempotent). */
  inserted: boolean;
}

/** Stores bytes under their SHA-256; storing the same bytes again writes nothing. */
export async function storeArtifact(db: Kysely<Database>, bytes: Uint8Array, format: ArtifactFormat): Promise<StoredArtifact> {
  if (!FORMATS.includes(format)) throw new Error(`storeArtifact: unknown format "${String(format)}" (expected ${FORMATS.join(' or ')})`);
  if (bytes.byteLength === 0) throw new Error('storeArtifact: an artifact has at least one byte');
  const sha256 = sha256Of(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inserted = await db
    .insertInto('model_artifacts')
    .values({ sha256, bytes: buffer, size: bytes.byteLength, format })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning('sha256')
    .executeTakeFirst();
  return { sha256, uri: artifactUri(sha256), size: bytes.byteLength, format, inserted: inserted !== undefined };
}

export interface LoadedArtifact {
  sha256: string;
  bytes: Buffer;
  format: ArtifactFormat;
  createdAt: Date;
}

/**
 * Reads an artifact by SHA-256 or `pg-artifact://` URI and verifies it: bytes that no longer hash
 * to their key (or differ from the recorded size) raise ArtifactCorruptError, a missing one
 * ArtifactNotFoundError, so a caller can skip that model with a logged reason.
 */
export async function loadArtifact(db: Kysely<Database>, reference: string): Promise<LoadedArtifact> {
  const sha256 = parseArtifactReference(reference);
  const row = await db.selectFrom('model_artifacts').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  if (!row) throw new ArtifactNotFoundError(sha256);
  const actual = sha256Of(row.bytes);
  if (actual !== sha256 || row.bytes.byteLength !== row.size) {
    throw new ArtifactCorruptError(sha256, actual, row.bytes.byteLength, row.size);
  }
  return { sha256, bytes: row.bytes, format: row.format, createdAt: row.created_at };
}
