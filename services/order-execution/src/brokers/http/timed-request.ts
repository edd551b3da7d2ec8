import type { BrokerOperation } from '../errors/broker-error.ts';
import { BrokerUnavailableError } from '../errors/broker-unavailable-error.ts';
import { redact } from './redact.ts';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TimedRequest {
  readonly broker: string;
  readonly operation: BrokerOperation;
  readonly clientOrderId?: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly fetch: FetchLike;
  /** Values that must never reach an error message (API keys). */
  readonly secrets: readonly (string | undefined)[];
}

export interface TimedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * One HTTP exchange under one deadline that covers the headers and the whole body (a broker that
 * answers and then stalls mid-body times out too). Every failure without a response becomes a
 * `BrokerUnavailableError`; non-2xx answers are returned for the caller to classify.
 */
export async function timedRequest(request: TimedRequest): Promise<TimedResponse> {
  const signals = [AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])];
  const signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
  try {
    const response = await request.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    const body = await response.text();
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    throw networkFailure(request, error);
  }
}

function networkFailure(request: TimedRequest, error: unknown): BrokerUnavailableError {
  const details = request.clientOrderId === undefined ? {} : { clientOrderId: request.clientOrderId };
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new BrokerUnavailableError(request.broker, request.operation, `no answer within ${request.timeoutMs} ms`, details);
  }
  if (name === 'AbortError') {
    return new BrokerUnavailableError(request.broker, request.operation, 'request aborted', details);
  }
  // undici's `fetch failed` hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`. The cause
  // itself is not attached: exceptions can quote request details, and the message says enough.
  return new BrokerUnavailableError(
    request.broker,
    request.operation,
    `request failed: ${redact(describe(error), request.secrets)}`,
    details,
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}
