import { SourceError } from '../source-error.ts';
import { bodyExcerpt, errorForNetworkFailure, errorForResponse, type FailureContext } from './http-failure.ts';
import { fetchText, type BeforeRequest, type FetchLike } from './timed-fetch.ts';

export interface JsonRequest extends FailureContext {
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly fetch: FetchLike;
  readonly beforeRequest?: BeforeRequest;
}

/** GET a JSON document; every failure comes back as a classified SourceError. */
export async function getJson(request: JsonRequest): Promise<{ status: number; json: unknown }> {
  let response: Awaited<ReturnType<typeof fetchText>>;
  await request.beforeRequest?.();
  try {
    response = await fetchText(
      request.fetch,
      request.url,
      { method: 'GET', headers: { accept: 'application/json', ...request.headers } },
      request.timeoutMs,
      request.signal,
    );
  } catch (error) {
    throw errorForNetworkFailure(request, error, request.timeoutMs);
  }
  if (!response.ok) throw errorForResponse(request, response.status, response.headers, response.body);
  try {
    return { status: response.status, json: JSON.parse(response.body) as unknown };
  } catch (error) {
    throw malformed(request, `response is not valid JSON: ${bodyExcerpt(response.body.slice(0, 120), request.secrets)}`, error);
  }
}

/** A 2xx body we cannot read (truncated, wrong shape): the provider misbehaved, so retry. */
export function malformed(ctx: FailureContext, message: string, cause?: unknown): SourceError {
  const details: ConstructorParameters<typeof SourceError>[3] = { cause };
  if (ctx.symbol !== undefined) details.symbol = ctx.symbol;
  return new SourceError(ctx.source, 'transient', `malformed response${ctx.symbol === undefined ? '' : ` for ${ctx.symbol}`}: ${message}`, details);
}
