import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await h.call('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/activity', '/v1/backtests', '/v1/backtests/{runId}/equity', '/v1/features/{symbol}', '/v1/fills', '/v1/flows/{correlationId}', '/v1/jobs/backfill', '/v1/jobs/features',
      '/v1/jobs/ingest', '/v1/jobs/train', '/v1/jobs/{queue}/{jobId}', '/v1/models', '/v1/models/{modelId}', '/v1/orders', '/v1/positions',
      '/v1/predictions', '/v1/queues', '/v1/stats/database', '/v1/stock-info', '/v1/symbols',
    ]);
    // The ingest body is the queue contract's schema: its fields and the symbol grammar.
    const ingest = document.paths['/v1/jobs/ingest']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(ingest.properties)).toEqual(expect.arrayContaining(['symbols', 'interval', 'source', 'start', 'end', 'correlationId']));
    expect(ingest.properties.symbols).toMatchObject({ type: 'array', minItems: 1, maxItems: 2000 });
  });

  it('is served with an interactive page', async () => {
    const page = await h.call('/docs/');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger-ui/i);
  });
});
