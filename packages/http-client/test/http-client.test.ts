// The shared HTTP helpers against a local HTTP server: deadlines, bounded retries, redaction.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeNetworkError,
  errorDetail,
  fetchText,
  fetchTextWithRetries,
  parseRetryAfter,
  redact,
  retryAfterFromHeaders,
  DEFAULT_RETRY_AFTER_MS,
  type RetryPolicy,
} from '../src/index.ts';

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'stall';
let script: Answer[] = [];
let requests: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    const answer = script.shift() ?? { status: 200, body: '{"ok":true}' };
    if (answer === 'stall') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":'); // headers sent, body never finished
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function reset(answers: Answer[]): void {
  script = answers;
  requests = [];
}

const waits: number[] = [];
const policy: RetryPolicy = { attempts: 3, maxRetryAfterMs: 2_000, backoffMs: 100, sleep: async (ms) => void waits.push(ms) };

describe('retries of idempotent requests', () => {
  it('a 503 then a 200: the 200, after one backoff', async () => {
    reset([{ status: 503 }]);
    waits.length = 0;
    const response = await fetchTextWithRetries(fetch, `${base}/a`, { method: 'GET' }, 10_000, policy);
    expect(response.status).toBe(200);
    expect(requests).toEqual(['GET /a', 'GET /a']);
    expect(waits).toEqual([100]);
  });
  it('a 429 with a short Retry-After waits what it asks; a long one is handed back at once', async () => {
    reset([{ status: 429, headers: { 'retry-after': '1' } }]);
    waits.length = 0;
    expect((await fetchTextWithRetries(fetch, `${base}/b`, {}, 10_000, policy)).status).toBe(200);
    expect(waits).toEqual([1_000]);
    reset([{ status: 429, headers: { 'retry-after': '30' } }]);
    const limited = await fetchTextWithRetries(fetch, `${base}/c`, {}, 10_000, policy);
    expect(limited.status).toBe(429);
    expect(retryAfterFromHeaders(limited.headers)).toBe(30_000);
    expect(requests).toEqual(['GET /c']);
  });
  it('gives up after the attempts with the last answer; a 4xx is not repeated', async () => {
    reset([{ status: 500 }, { status: 502 }, { status: 504 }, { status: 200 }]);
    waits.length = 0;
    expect((await fetchTextWithRetries(fetch, `${base}/d`, {}, 10_000, policy)).status).toBe(504);
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    reset([{ status: 404 }]);
    expect((await fetchTextWithRetries(fetch, `${base}/e`, {}, 10_000, policy)).status).toBe(404);
    expect(requests).toHaveLength(1);
  });
  it('never repeats a POST (it may have been processed): refused before anything is sent', async () => {
    reset([]);
    await expect(fetchTextWithRetries(fetch, `${base}/f`, { method: 'POST', body: '{}' }, 10_000, policy)).rejects.toThrow(/POST is not idempotent/);
    expect(requests).toEqual([]);
    // With one attempt a POST goes out once.
    expect((await fetchTextWithRetries(fetch, `${base}/f`, { method: 'POST', body: '{}' }, 10_000, { ...policy, attempts: 1 })).status).toBe(200);
    expect(requests).toEqual(['POST /f']);
  });
  it('a refused connection is retried, then thrown', async () => {
    waits.length = 0;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchTextWithRetries(fetch, `http://127.0.0.1:${port}/`, {}, 10_000, policy).catch((e: unknown) => e);
    expect(waits).toEqual([100, 200]);
    expect(describeNetworkError(error, 10_000)).toMatchObject({ kind: 'failed', message: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('one deadline per request', () => {
  it('covers the body: a server that stalls after the headers times out', async () => {
    reset(['stall']);
    const error = await fetchText(fetch, `${base}/slow`, {}, 300).catch((e: unknown) => e);
    expect(describeNetworkError(error, 300)).toMatchObject({ kind: 'timeout', message: 'no answer within 300 ms' });
  });
});

describe('redaction and details', () => {
  it('pulls the message out of nested error bodies and redacts secrets', () => {
    expect(errorDetail('{"chart":{"error":{"description":"No data found"}}}')).toBe('No data found');
    expect(errorDetail('{"code":40010001,"message":"bad key sk_1"}', ['sk_1'])).toBe('bad key [redacted]');
    expect(errorDetail(`<html>${'x'.repeat(500)}</html>`).length).toBeLessThanOrEqual(301);
    expect(redact('a sk b sk', ['sk', undefined, ''])).toBe('a [redacted] b [redacted]');
    expect(describeNetworkError(new Error('fetch failed for https://x?apiKey=sk_1'), 1, ['sk_1']).message).not.toContain('sk_1');
  });
  it('reads Retry-After as seconds or a date, else X-RateLimit-Reset, else nothing', () => {
    const now = Date.parse('2024-01-03T15:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 03 Jan 2024 15:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('soon', now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterFromHeaders(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 20) }), now)).toBe(20_000);
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined();
  });
});
