import { describe, expect, it } from 'vitest';
import { isDependencyOutage } from '../src/dependency-outage.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDependencyOutage', () => {
  it('recognises PostgreSQL and Redis not answering', () => {
    expect(isDependencyOutage(withCode('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDependencyOutage(withCode('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDependencyOutage(withCode('08006'))).toBe(true);
    expect(isDependencyOutage(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDependencyOutage(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('Connection is closed.'))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
  });

  it("leaves the job's own failures to its attempts", () => {
    expect(isDependencyOutage(withCode('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDependencyOutage(withCode('42P01', 'relation "x" does not exist'))).toBe(false);
    // A data provider's reset connection: fetch reports it as the cause, and the job retries it with attempts.
    expect(isDependencyOutage(new TypeError('fetch failed', { cause: withCode('ECONNRESET') }))).toBe(false);
    expect(isDependencyOutage(new Error('provider answered 500'))).toBe(false);
    expect(isDependencyOutage(null)).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });
});
