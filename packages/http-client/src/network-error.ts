import { redact } from './redact.ts';

export interface NetworkFailure {
  /** `timeout`: our deadline; `aborted`: the caller's signal; `failed`: refused, reset, DNS, TLS. */
  readonly kind: 'timeout' | 'aborted' | 'failed';
  /** Readable and key-free (fetch errors can quote the URL, and some APIs put the key in it). */
  readonly message: string;
  /** For `failed`: what went wrong (`fetch failed (ECONNREFUSED: …)`), redacted; else empty. */
  readonly detail: string;
}

/** What a request that produced no response ran into, for an error message. */
export function describeNetworkError(error: unknown, timeoutMs: number, secrets: readonly (string | undefined)[] = []): NetworkFailure {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return { kind: 'timeout', message: `no answer within ${timeoutMs} ms`, detail: '' };
  if (name === 'AbortError') return { kind: 'aborted', message: 'request aborted', detail: '' };
  const detail = redact(describeCause(error), secrets);
  return { kind: 'failed', message: `request failed: ${detail}`, detail };
}

/** undici reports `fetch failed` and hides the useful part (ECONNRESET, ECONNREFUSED) in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}
