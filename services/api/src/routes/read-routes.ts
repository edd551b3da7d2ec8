import {
  databaseStats,
  featureRowsPage,
  fillsPage,
  getBacktestRun,
  getModel,
  listBacktestRuns,
  loadBacktestEquity,
  isReadableFeatureColumn,
  listModels,
  ordersPage,
  predictionsPage,
  recentActivityPage,
  stockInfoPage,
  symbolSummaryPage,
} from '@mltrading/db';
import { FEATURE_VERSION } from '@mltrading/features';
import { findFlow, positionsReport, queueStatus } from '@mltrading/operations';
import { CORRELATION_ID_MAX, sourceSchema, symbolSchema } from '@mltrading/queues';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../app/api-context.ts';
import { dateOrUndefined, pageFields, sendPage, timeRangeFields } from '../http/pages.ts';

const correlationIdSchema = z.string().min(1).max(CORRELATION_ID_MAX).regex(/^[\x21-\x7E]+$/, { error: 'must be visible ASCII without spaces' });
const DAY_MS = 86_400_000;

// Column names are checked against the v3.0 declaration here (400 before anything runs) and again
// by the repository, which only ever selects them as identifiers.
const columnsSchema = z
  .string()
  .max(4_000)
  .transform((list) => list.split(',').map((name) => name.trim()).filter((name) => name !== ''))
  .superRefine((names, ctx) => {
    const unknown = names.filter((name) => !isReadableFeatureColumn(name));
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown column(s) ${unknown.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')}: open, high, low, close, volume or a v${FEATURE_VERSION} feature` });
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'name at least one column' });
  });

/** Read endpoints (role read): each a repository or an operation, paginated, JSON or CSV. */
export function registerReadRoutes(app: FastifyInstance, { service, api }: ApiContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const config = { role: 'read' as const };
  const page = pageFields(api.maxPageSize);
  const { db } = service;

  routes.get(
    '/v1/flows/:correlationId',
    { config, schema: { tags: ['read'], summary: 'One flow in time order across every table that carries its correlation id (what `mlt trace` shows)', params: z.object({ correlationId: correlationIdSchema }) } },
    async (request) => {
      request.correlationId = request.params.correlationId;
      return findFlow(db, request.params.correlationId);
    },
  );

  routes.get(
    '/v1/symbols',
    { config, schema: { tags: ['read'], summary: 'Symbols with features in the last 90 days (mv_features_dashboard_summary) and their names', querystring: z.object(page) } },
    async (request, reply) => sendPage(request, reply, await symbolSummaryPage(db, request.query), request.query, { name: 'symbols' }),
  );

  routes.get(
    '/v1/stock-info',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'Symbol metadata (stock_info)',
        querystring: z.object({ ...page, symbol: symbolSchema.optional(), sector: z.string().max(100).optional(), exchange: z.string().max(20).optional() }),
      },
    },
    async (request, reply) => sendPage(request, reply, await stockInfoPage(db, request.query), request.query, { name: 'stock-info' }),
  );

  routes.get(
    '/v1/features/:symbol',
    {
      config,
      schema: {
        tags: ['read'],
        summary: "Chosen feature columns of one symbol over a time range, newest first (the seed's optimized query)",
        params: z.object({ symbol: symbolSchema }),
        querystring: z.object({
          ...page,
          ...timeRangeFields,
          columns: columnsSchema.describe('comma-separated: open, high, low, close, volume or v3.0 feature names'),
          source: sourceSchema.default('yahoo'),
          featureVersion: z.literal(FEATURE_VERSION).default(FEATURE_VERSION),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const to = dateOrUndefined(q.to) ?? new Date();
      const from = dateOrUndefined(q.from) ?? new Date(to.getTime() - 30 * DAY_MS);
      const rows = await featureRowsPage(db, { symbol: request.params.symbol, source: q.source, featureVersion: q.featureVersion, columns: q.columns, from, to, limit: q.limit, offset: q.offset });
      return sendPage(request, reply, rows, q, { name: `features-${request.params.symbol}`, columns: ['symbol', 'timestamp', ...new Set(q.columns)] });
    },
  );

  routes.get(
    '/v1/predictions',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'Predictions, newest bar first',
        querystring: z.object({ ...page, ...timeRangeFields, symbol: symbolSchema.optional(), modelId: z.string().max(100).optional(), predictionType: z.string().max(20).optional() }),
      },
    },
    async (request, reply) => {
      const { from, to, ...q } = request.query;
      return sendPage(request, reply, await predictionsPage(db, { ...q, from: dateOrUndefined(from), to: dateOrUndefined(to) }), q, { name: 'predictions' });
    },
  );

  routes.get(
    '/v1/models',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'The model registry with metrics (beside the baseline), newest first',
        querystring: z.object({ limit: page.limit, name: z.string().max(100).optional(), status: z.enum(['candidate', 'active', 'retired', 'training']).optional() }),
      },
    },
    async (request) => ({ items: await listModels(db, request.query) }),
  );

  routes.get(
    '/v1/models/:modelId',
    { config, schema: { tags: ['read'], summary: 'One model with parameters and metrics', params: z.object({ modelId: z.string().min(1).max(100) }) } },
    async (request, reply) => {
      const model = await getModel(db, request.params.modelId);
      if (model === undefined || model === null) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no model ${request.params.modelId}` });
      return model;
    },
  );

  routes.get(
    '/v1/orders',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'Orders, newest first',
        querystring: z.object({
          ...page,
          ...timeRangeFields,
          symbol: symbolSchema.optional(),
          status: z.enum(['pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired']).optional(),
          correlationId: correlationIdSchema.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { from, to, ...q } = request.query;
      return sendPage(request, reply, await ordersPage(db, { ...q, from: dateOrUndefined(from), to: dateOrUndefined(to) }), q, { name: 'orders' });
    },
  );

  routes.get(
    '/v1/fills',
    {
      config,
      schema: { tags: ['read'], summary: 'Fills, newest first', querystring: z.object({ ...page, ...timeRangeFields, symbol: symbolSchema.optional(), orderId: z.string().max(100).optional() }) },
    },
    async (request, reply) => {
      const { from, to, ...q } = request.query;
      return sendPage(request, reply, await fillsPage(db, { ...q, from: dateOrUndefined(from), to: dateOrUndefined(to) }), q, { name: 'fills' });
    },
  );

  routes.get(
    '/v1/positions',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'Positions and P&L from the fills, unrealized at the latest close',
        querystring: z.object({ source: sourceSchema.optional(), strategy: z.string().max(50).optional(), format: page.format }),
      },
    },
    async (request, reply) => {
      const { source, strategy, format } = request.query;
      const lines = await positionsReport(db, { source: source ?? api.positionsSource, ...(strategy === undefined ? {} : { strategy }) });
      return sendPage(request, reply, lines, { limit: lines.length + 1, offset: 0, format }, { name: 'positions' });
    },
  );

  routes.get(
    '/v1/backtests',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'Backtest runs with their reports, newest first',
        querystring: z.object({ limit: page.limit, status: z.enum(['running', 'succeeded', 'failed']).optional(), sweepId: z.string().max(100).optional() }),
      },
    },
    async (request) => ({ items: await listBacktestRuns(db, request.query) }),
  );

  routes.get(
    '/v1/backtests/:runId/equity',
    {
      config,
      schema: { tags: ['read'], summary: "A backtest run's equity curve, oldest first", params: z.object({ runId: z.string().min(1).max(100) }), querystring: z.object({ format: page.format }) },
    },
    async (request, reply) => {
      if ((await getBacktestRun(db, request.params.runId)) === undefined) {
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no backtest run ${request.params.runId}` });
      }
      const points = await loadBacktestEquity(db, request.params.runId);
      return sendPage(request, reply, points, { limit: points.length + 1, offset: 0, format: request.query.format }, { name: `backtest-${request.params.runId}-equity` });
    },
  );

  routes.get(
    '/v1/activity',
    {
      config,
      schema: {
        tags: ['read'],
        summary: 'Recent system activity (view recent_system_activity: the last 24 hours), newest first',
        querystring: z.object({ ...page, activityType: z.enum(['system_log', 'trading_event', 'performance_log', 'error_log']).optional(), correlationId: correlationIdSchema.optional() }),
      },
    },
    async (request, reply) => sendPage(request, reply, await recentActivityPage(db, request.query), request.query, { name: 'activity' }),
  );

  routes.get('/v1/stats/database', { config, schema: { tags: ['read'], summary: "The seed's monitoring figures: sizes, index usage, log levels" } }, async () => databaseStats(db));

  routes.get('/v1/queues', { config, schema: { tags: ['read'], summary: 'Job counts per queue and state' } }, async () => ({
    items: await queueStatus(service.redis, service.config.queuePrefix),
  }));
}
