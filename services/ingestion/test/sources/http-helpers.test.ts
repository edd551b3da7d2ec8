import { describe, expect, it } from 'vitest';
import { parseRetryAfter, DEFAULT_RETRY_AFTER_MS } from '../../src/sources/http/retry-after.ts';
import { errorDetail, kindForStatus, redact } from '../../src/sources/http/http-failure.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-03T15:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 03 Jan 2024 15:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Wed, 03 Jan 2024 14:00:00 GMT', now)).toBe(0);
  });
  it('falls back when missing or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBe(DEFAULT_RETRY_AFTER_MS);
  });
});

describe('status classification', () => {
  it('maps statuses to kinds', () => {
    expect(kindForStatus(429)).toBe('rate_limited');
    expect(kindForStatus(500)).toBe('transient');
    expect(kindForStatus(503)).toBe('transient');
    expect(kindForStatus(408)).toBe('transient');
    expect(kindForStatus(401)).toBe('permanent');
    expect(kindForStatus(403)).toBe('permanent');
    expect(kindForStatus(404)).toBe('permanent');
    expect(kindForStatus(422)).toBe('permanent');
  });
  it('pulls the provider message out of nested error bodies and redacts secrets', () => {
    const yahoo = '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}';
    expect(errorDetail(yahoo)).toBe('No data found, symbol may be delisted');
    expect(errorDetail('{"status":"ERROR","error":"Unknown API Key sk_123"}', ['sk_123'])).toBe('Unknown API Key [redacted]');
    expect(redact('a sk b sk', ['sk', undefined, ''])).toBe('a [redacted] b [redacted]');
  });
});
