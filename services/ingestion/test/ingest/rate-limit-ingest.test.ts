import { truncateTables } from '@mltrading/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, sendJson, sendText, startReplayServer, type ReplayServer } from '../sources/replay-server.ts';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';

// Two ingestion workers share one limit of 2 requests per second to Polygon, kept in Redis.
const LIMIT = 'polygon=2';
const RANGE = { interval: '1m' as const, start: '2024-01-03T14:30:00Z', end: '2024-01-03T14:35:00Z' };

let server: ReplayServer;
let h: IngestionHarness;
const arrivals: number[] = [];
/** Runs when a first page is requested, before it is answered. */
let onFirstPage: () => Promise<void> = async () => {};

beforeAll(async () => {
  server = await startReplayServer(async (req, res) => {
    arrivals.push(Date.now());
    if (req.path.startsWith('/v2/aggs/') && !req.query.has('cursor')) await onFirstPage();
    if (req.path.startsWith('/v3/reference/tickers/')) return sendJson(res, 200, fixture('polygon-ticker-AAPL.json'));
    if (!req.path.startsWith('/v2/aggs/ticker/')) return sendText(res, 404, '404 page not found');
    sendJson(res, 200, fixture(req.query.has('cursor') ? 'polygon-aggs-AAPL-1minute-page2.json' : 'polygon-aggs-AAPL-1minute-page1.json'));
  });
  h = await ingestionHarness();
  const env = { POLYGON_BASE_URL: server.url, POLYGON_API_KEY: 'pg_test_key', SOURCE_RATE_LIMITS: LIMIT };
  await Promise.all([h.start(env), h.start(env)]);
});
afterAll(async () => {
  await h?.teardown();
  await server?.close();
});

beforeEach(async () => {
  arrivals.length = 0;
  server.seen.length = 0;
  onFirstPage = async () => {};
  await truncateTables(h.database.db, ['market_data', 'stock_info']);
});

describe('per-source rate limit', () => {
  it('spaces every HTTP request of the source (pages and metadata included) across workers', async () => {
    // Two jobs, one per worker, each making three requests: two pages and the ticker details.
    const jobs = await Promise.all(
      (['AAPL', 'MSFT'] as const).map((symbol) => h.client.enqueue('ingest', { symbols: [symbol], source: 'polygon', ...RANGE })),
    );
    for (const { jobId } of jobs) expect((await h.waitForJob('ingest', jobId, ['completed', 'failed'])).failedReason).toBeUndefined();

    expect(arrivals).toHaveLength(6);
    // At 2 per one-second window, 6 requests need at least three windows: more than a second
    // from first to last. Unlimited, they arrive within a few milliseconds.
    expect(arrivals[arrivals.length - 1]! - arrivals[0]!).toBeGreaterThan(1_000);
    expect(new Set(arrivals.map((t) => Math.floor(t / 1000))).size).toBeGreaterThanOrEqual(3);
  });

  it("stops a job's requests mid-job while another worker's 429 pauses the source, and finishes after the pause", async () => {
    let pausedAt = 0;
    onFirstPage = async () => {
      // Once, as if another worker had just been answered 429 with Retry-After: 1.5 s.
      onFirstPage = async () => {};
      pausedAt = Date.now();
      await h.redis.set(`${h.prefix}:source-paused:polygon`, String(pausedAt + 1_500), 'PX', 1_500);
    };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'ingest-paused-mid-job' });
    await h.waitForJob('ingest', jobId, ['delayed']);
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ stored: 3 });
    // The second page was not asked for during the pause; the job asked again after it.
    expect(arrivals[1]! - pausedAt).toBeGreaterThanOrEqual(1_400);
  });
});
