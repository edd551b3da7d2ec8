// One HTTP exchange of a broker client, over @mltrading/http-client (shared with ingestion's
// providers): one deadline covering headers and body, retries only where the policy allows them
// (reads; never a submit), and every failure without a response turned into a
// `BrokerUnavailableError` with a key-free message. Non-2xx answers are returned for the caller to classify.
import { describeNetworkError, fetchTextWithRetries, type FetchLike, type RetryPolicy } from '@mltrading/http-client';
import type { BrokerOperation } from '../errors/broker-error.ts';
import { BrokerUnavailableError } from '../errors/broker-unavailable-error.ts';

export interface TimedRequest {
  readonly broker: string;
  readonly operation: BrokerOperation;
  readonly clientOrderId?: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
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

export async function timedRequest(request: TimedRequest): Promise<TimedResponse> {
  try {
    const init: RequestInit = { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) };
    return await fetchTextWithRetries(request.fetch, request.url, init, request.timeoutMs, request.retry, request.signal);
  } catch (error) {
    const details = request.clientOrderId === undefined ? {} : { clientOrderId: request.clientOrderId };
    // The cause itself is not attached: exceptions can quote request details, and the message says enough.
    throw new BrokerUnavailableError(request.broker, request.operation, describeNetworkError(error, request.timeoutMs, request.secrets).message, details);
  }
}
