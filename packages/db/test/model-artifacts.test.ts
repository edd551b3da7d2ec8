import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArtifactCorruptError,
  ArtifactNotFoundError,
  artifactUri,
  InvalidArtifactReferenceError,
  loadArtifact,
  parseArtifactReference,
  storeArtifact,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('model artifacts', () => {
  it('stores bytes under their SHA-256, idempotently, and loads them back verified', async () => {
    const bytes = randomBytes(300_000);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const stored = await storeArtifact(t.db, bytes, 'onnx');
    expect(stored).toEqual({ sha256: expected, uri: `pg-artifact://${expected}`, size: 300_000, format: 'onnx', inserted: true });
    expect(await storeArtifact(t.db, new Uint8Array(bytes), 'onnx')).toMatchObject({ sha256: expected, inserted: false });
    expect(Number((await t.db.selectFrom('model_artifacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);

    for (const reference of [stored.uri, expected]) {
      const loaded = await loadArtifact(t.db, reference);
      expect(loaded.format).toBe('onnx');
      expect(Buffer.compare(loaded.bytes, bytes)).toBe(0);
    }
  });

  it('stores a slice of a larger buffer as just that slice', async () => {
    const whole = Buffer.from('xx{"kind":"logistic"}yy');
    const slice = whole.subarray(2, whole.length - 2);
    const stored = await storeArtifact(t.db, slice, 'json');
    expect((await loadArtifact(t.db, stored.sha256)).bytes.toString()).toBe('{"kind":"logistic"}');
  });

  it('refuses a corrupted artifact with a typed error', async () => {
    const stored = await storeArtifact(t.db, Buffer.from('{"weights":[1,2,3]}'), 'json');
    // Same length, one byte changed: only the checksum can tell.
    await sql`UPDATE model_artifacts SET bytes = set_byte(bytes, 3, 0) WHERE sha256 = ${stored.sha256}`.execute(t.db);
    const error = await loadArtifact(t.db, stored.uri).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactCorruptError);
    expect((error as ArtifactCorruptError).sha256).toBe(stored.sha256);
    expect((error as ArtifactCorruptError).actualSha256).not.toBe(stored.sha256);
  });

  it('refuses missing artifacts, bad references and bad input', async () => {
    await expect(loadArtifact(t.db, artifactUri('0'.repeat(64)))).rejects.toThrow(ArtifactNotFoundError);
    expect(() => parseArtifactReference('file:///models/x.onnx')).toThrow(InvalidArtifactReferenceError);
    expect(() => artifactUri('ABC')).toThrow(InvalidArtifactReferenceError);
    await expect(loadArtifact(t.db, 'pg-artifact://zz')).rejects.toThrow(InvalidArtifactReferenceError);
    await expect(storeArtifact(t.db, new Uint8Array(0), 'json')).rejects.toThrow(/at least one byte/);
    await expect(storeArtifact(t.db, Buffer.from('x'), 'pickle' as 'json')).rejects.toThrow(/unknown format "pickle"/);
  });
});
