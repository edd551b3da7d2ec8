import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../src/describe-failure.ts';
import { cliHarness } from './support/cli-harness.ts';

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mlt against servers that do not answer', () => {
  it('names Redis, its URL without the password and the variable, and exits 1 at once (no endless retry)', async () => {
    const port = await closedPort();
    const cli = cliHarness('no_redis', { REDIS_URL: `redis://:s3cret-pw@127.0.0.1:${port}` });
    for (const args of [['queues'], ['enqueue', 'ingest', '{"symbols":["AAPL"],"source":"synthetic"}']]) {
      const { code, stdout, stderr } = cli.run(...args);
      expect(code).toBe(1);
      expect(stderr).toBe(`error: Redis does not answer at redis://:***@127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}); is it running, and is REDIS_URL right?\n`);
      expect(stdout + stderr).not.toContain('s3cret-pw');
    }
  });

  it('names PostgreSQL and its URL without the password instead of printing a stack trace', async () => {
    const port = await closedPort();
    const cli = cliHarness('no_pg', { DATABASE_URL: `postgres://root:s3cret-pw@127.0.0.1:${port}/mltrading` });
    const { code, stderr } = cli.run('db', 'stats');
    expect(code).toBe(1);
    expect(stderr).toBe(`error: PostgreSQL does not answer at postgres://root:***@127.0.0.1:${port}/mltrading (connect ECONNREFUSED 127.0.0.1:${port}); is it running, and is DATABASE_URL right?\n`);
  });

  it('says a database is missing and how to create it', () => {
    const cli = cliHarness('missing');
    const { code, stderr } = cli.run('db', 'stats');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: database "mlt_test_missing_\d+_\d+" does not exist at postgres:\/\/\S+; mlt db migrate creates it\n$/);
  });
});

describe('describeFailure', () => {
  const endpoints = { databaseUrl: 'postgres://u:pw@db:5432/x', redisUrl: 'redis://cache:6379' };

  it('tells the servers apart by port and leaves other errors as they are', () => {
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED 10.0.0.2:6379'), { code: 'ECONNREFUSED', port: 6379 }), endpoints)).toMatch(/^Redis does not answer at redis:\/\/cache:6379 /);
    expect(describeFailure(Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:5432'), { code: 'ETIMEDOUT', port: 5432 }), endpoints)).toMatch(/^PostgreSQL does not answer at postgres:\/\/u:\*\*\*@db:5432\/x /);
    expect(describeFailure(Object.assign(new Error('getaddrinfo ENOTFOUND db'), { code: 'ENOTFOUND' }), endpoints)).toBe('a server does not answer: getaddrinfo ENOTFOUND db');
    expect(describeFailure(Object.assign(new Error('password authentication failed for user "u"'), { code: '28P01' }), endpoints)).toBe('PostgreSQL refused the login at postgres://u:***@db:5432/x: password authentication failed for user "u"');
    expect(describeFailure(new Error('something else'), endpoints)).toBe('something else');
    expect(describeFailure('a string', undefined)).toBe('a string');
  });
});
