/** Not a SHA-256 in lower-case hex, nor a `pg-artifact://<sha256>` URI. */
export class InvalidArtifactReferenceError extends Error {
  constructor(readonly reference: string) {
    super(`"${reference}" is neither a SHA-256 (64 lower-case hex digits) nor a pg-artifact://<sha256> URI`);
    this.name = 'InvalidArtifactReferenceError';
  }
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`model artifact ${sha256} is not stored`);
    this.name = 'ArtifactNotFoundError';
  }
}

/** The stored bytes no longer hash to their key: the artifact must not be loaded. */
export class ArtifactCorruptError extends Error {
  constructor(readonly sha256: string, readonly actualSha256: string, readonly size: number, readonly expectedSize: number) {
    super(`model artifact ${sha256} is corrupt: its ${size} bytes hash to ${actualSha256} (recorded size ${expectedSize})`);
    this.name = 'ArtifactCorruptError';
  }
}
