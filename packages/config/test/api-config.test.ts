import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from '../src/index.ts';

describe('loadApiConfig', () => {
  it('has defaults and reads every variable', () => {
    expect(loadApiConfig({})).toEqual({ port: 8000, host: '0.0.0.0', rateLimitMax: 600, rateLimitWindowMs: 60_000, maxPageSize: 5_000, trustProxy: false, positionsSource: 'yahoo' });
    expect(loadApiConfig({ API_PORT: '0', API_HOST: '127.0.0.1', API_RATE_LIMIT_MAX: '5', API_RATE_LIMIT_WINDOW_MS: '2000', API_MAX_PAGE_SIZE: '10', API_TRUST_PROXY: 'TRUE' })).toEqual({
      port: 0,
      host: '127.0.0.1',
      rateLimitMax: 5,
      rateLimitWindowMs: 2000,
      maxPageSize: 10,
      trustProxy: true,
      positionsSource: 'yahoo',
    });
  });

  it('reads positions from the bars order execution trades on, else the ingested source', () => {
    expect(loadApiConfig({ INGEST_SOURCE: 'alpaca' }).positionsSource).toBe('alpaca');
    expect(loadApiConfig({ INGEST_SOURCE: 'alpaca', EXECUTION_BAR_SOURCE: 'polygon' }).positionsSource).toBe('polygon');
    expect(loadApiConfig({ EXECUTION_BAR_SOURCE: '  ' }).positionsSource).toBe('yahoo');
  });

  it('lists every bad variable', () => {
    const error = (() => {
      try {
        loadApiConfig({ API_PORT: '70000', API_RATE_LIMIT_MAX: '1.5', API_TRUST_PROXY: 'yes' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['API_PORT', 'API_RATE_LIMIT_MAX', 'API_TRUST_PROXY']);
  });
});
