import { describe, expect, it } from 'vitest';
import { createLogger, redactObject, redactSecrets } from '../src/index.ts';
import { captureStream } from './capture.ts';

describe('redactSecrets', () => {
  it.each([
    ['postgres://u:secret@h/db', 'postgres://u:[REDACTED]@h/db'],
    ['postgresql://app:p%40ss@db:5432/mlt?ssl=true', 'postgresql://app:[REDACTED]@db:5432/mlt?ssl=true'],
    ['redis://:redispw@127.0.0.1:6379', 'redis://:[REDACTED]@127.0.0.1:6379'],
    ['amqp+ssl://guest:guest1@mq', 'amqp+ssl://guest:[REDACTED]@mq'],
    ['GET https://api.polygon.io/v2/aggs?apiKey=abc123&limit=5', 'GET https://api.polygon.io/v2/aggs?apiKey=[REDACTED]&limit=5'],
    ['token=xyz.abc', 'token=[REDACTED]'],
    ['password: hunter2 rejected', 'password: [REDACTED] rejected'],
    ['Authorization: Bearer eyJhbGciOi.J9.sig', 'Authorization: Bearer [REDACTED]'],
  ])('scrubs %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves harmless text alone', () => {
    for (const text of ['postgres://root@127.0.0.1:5432/mltrading', 'http://host:8080/path', 'fetched 10 bars for AAPL']) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  it('removes exact configured secrets, longest first, ignoring trivially short ones', () => {
    expect(redactSecrets('key PKABCDEF and PKABCDEF-long', ['PKABCDEF', 'PKABCDEF-long', 'a'])).toBe(
      'key [REDACTED] and [REDACTED]',
    );
  });

  it('is idempotent', () => {
    const once = redactSecrets('postgres://u:secret@h token=abc Bearer zzz');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('redactObject', () => {
  it('censors sensitive keys at any depth and scrubs strings', () => {
    const input = {
      user: 'bob',
      dbPassword: 'pw1',
      nested: { deeper: { apiKey: 'k', ALPACA_API_SECRET_KEY: 's', note: 'postgres://a:b@c/d' } },
      list: [{ token: 't' }, 'my-secret-value'],
      headers: { Authorization: 'Bearer x', 'X-Api-Key': 'y', accept: 'json' },
    };
    expect(redactObject(input, ['my-secret-value'])).toEqual({
      user: 'bob',
      dbPassword: '[REDACTED]',
      nested: { deeper: { apiKey: '[REDACTED]', ALPACA_API_SECRET_KEY: '[REDACTED]', note: 'postgres://a:[REDACTED]@c/d' } },
      list: [{ token: '[REDACTED]' }, '[REDACTED]'],
      headers: { Authorization: '[REDACTED]', 'X-Api-Key': '[REDACTED]', accept: 'json' },
    });
    expect(input.dbPassword).toBe('pw1');
  });

  it('turns errors into plain scrubbed objects and survives cycles', () => {
    const error = new Error('connect postgres://u:secret@h/db failed');
    const cyclic: Record<string, unknown> = { error };
    cyclic.self = cyclic;
    const out = redactObject(cyclic) as { error: { type: string; message: string; stack: string }; self: unknown };
    expect(out.error.type).toBe('Error');
    expect(out.error.message).toBe('connect postgres://u:[REDACTED]@h/db failed');
    expect(out.error.stack).not.toContain('secret');
    expect(out.self).toBe('[Circular]');
  });
});

describe('logger redaction', () => {
  it('censors sensitive keys', () => {
    const out = captureStream();
    const logger = createLogger({ name: 'test', destination: out.stream });
    logger.info(
      {
        password: 'p1',
        apiKey: 'k1',
        api_key: 'k2',
        authorization: 'a1',
        db: { password: 'p2' },
        provider: { apiKey: 'k3' },
        headers: { authorization: 'Bearer zzz', cookie: 'sid=1', accept: 'json' },
      },
      'request',
    );
    const record = out.records()[0] as Record<string, unknown>;
    expect(record).toMatchObject({
      password: '[REDACTED]',
      apiKey: '[REDACTED]',
      api_key: '[REDACTED]',
      authorization: '[REDACTED]',
      db: { password: '[REDACTED]' },
      provider: { apiKey: '[REDACTED]' },
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', accept: 'json' },
    });
  });

  it('scrubs connection strings from messages, error messages and stacks', () => {
    const out = captureStream();
    const logger = createLogger({ name: 'test', destination: out.stream });
    logger.info('connecting to postgres://u:secret@h/db');
    logger.error({ err: new Error('cannot reach postgres://u:secret@h/db') }, 'db down');
    logger.error(new Error('bare postgres://u:secret@h/db'));
    logger.warn({ detail: { url: 'redis://:secret@r:6379' } }, 'nested');

    expect(out.lines.join('\n')).not.toContain('secret@');
    const [message, withErr, bare, nested] = out.records() as Array<{ msg?: string; err: { message: string; stack: string }; detail: { url: string } }>;
    expect(message?.msg).toBe('connecting to postgres://u:[REDACTED]@h/db');
    expect(withErr?.err.message).toBe('cannot reach postgres://u:[REDACTED]@h/db');
    expect(withErr?.err.stack).toContain('postgres://u:[REDACTED]@h/db');
    expect(bare?.msg).toBe('bare postgres://u:[REDACTED]@h/db');
    expect(nested?.detail.url).toBe('redis://:[REDACTED]@r:6379');
  });

  it('never writes a configured secret value, wherever it appears', () => {
    const secret = 'PK-super"secret\\value';
    const out = captureStream();
    const logger = createLogger({ name: 'test', destination: out.stream, secrets: [secret] });
    const child = logger.child({ boundKey: `bound ${secret}` });
    child.info({ deep: { a: [{ b: `x${secret}y` }] }, plain: secret }, `message with ${secret}`);
    child.error({ err: new Error(`failed with ${secret}`) }, 'oops');

    const text = out.lines.join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(text).not.toContain('super');
    const first = out.records()[0] as { msg: string; deep: { a: { b: string }[] } };
    expect(first.msg).toBe('message with [REDACTED]');
    expect(first.deep.a[0]?.b).toBe('x[REDACTED]y');
  });
});
