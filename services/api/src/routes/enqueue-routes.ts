import { MAX_BACKFILL_BATCH, planBackfill, submitJob, type SubmittedJob } from '@mltrading/operations';
import {
  envelopeFields,
  featuresPayloadSchema,
  ingestPayloadSchema,
  intervalSchema,
  isoDateTimeSchema,
  QUEUE_NAMES,
  sourceSchema,
  symbolSchema,
  trainPayloadSchema,
} from '@mltrading/queues';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../app/api-context.ts';

const submitted = z.object({
  queue: z.string(),
  jobId: z.string(),
  correlationId: z.string().describe("the flow's id: follow it at GET /v1/flows/{correlationId} (the existing job's when duplicate)"),
  duplicate: z.boolean().describe('an identical job (same deterministic id) already exists: nothing new was queued'),
  state: z.string(),
});

// A CSV ingest reads a path on the ingestion host: not something an HTTP caller may name.
const httpIngestSchema = ingestPayloadSchema.refine((payload) => payload.source !== 'csv', {
  path: ['source'],
  message: 'csv ingests read a file on the ingestion host and are not accepted over HTTP (use `mlt ingest --csv`)',
});

const backfillSchema = z
  .object({
    correlationId: envelopeFields.correlationId,
    symbols: z.array(symbolSchema).min(1).max(100_000),
    batch: z.number().int().min(1).max(MAX_BACKFILL_BATCH).default(100).describe('symbols per ingest job'),
    interval: intervalSchema.default('1h'),
    source: sourceSchema.default('yahoo'),
    start: isoDateTimeSchema,
    end: isoDateTimeSchema.optional(),
  })
  .refine((request) => request.source !== 'csv', { path: ['source'], message: 'csv backfills are not accepted over HTTP' });

const answer = (job: SubmittedJob) => ({ queue: job.queue, jobId: job.jobId, correlationId: job.correlationId, duplicate: job.duplicate, state: job.state });

/**
 * POST /v1/jobs/<queue>: the body is validated by the queue's own contract schema (the same one the
 * worker checks again), then enqueued through the operations layer. 201 for a new job, 200 when an
 * identical job already existed (with that job's correlation id).
 */
export function registerEnqueueRoutes(app: FastifyInstance, { service }: ApiContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const config = { role: 'enqueue' as const };
  const jobRoute = (queue: 'ingest' | 'features' | 'train', body: z.ZodType, summary: string) =>
    routes.post(
      `/v1/jobs/${queue}`,
      { config, schema: { tags: ['enqueue'], summary, body, response: { 200: submitted, 201: submitted } } },
      async (request, reply) => {
        const job = await submitJob(service.queues, queue, request.body);
        request.correlationId = job.correlationId;
        return reply.code(job.duplicate ? 200 : 201).send(answer(job));
      },
    );
  jobRoute('ingest', httpIngestSchema, 'Fetch bars for symbols from a source (the ingest queue)');
  jobRoute('features', featuresPayloadSchema, 'Compute features for one symbol and range (the features queue)');
  jobRoute('train', trainPayloadSchema, 'Train, evaluate and register a model (the train queue)');

  routes.post(
    '/v1/jobs/backfill',
    {
      config,
      schema: {
        tags: ['enqueue'],
        summary: 'A range for a universe as ingest jobs of `batch` symbols, all under one correlation id',
        body: backfillSchema,
        response: { 201: z.object({ correlationId: z.string(), jobs: z.array(submitted) }) },
      },
    },
    async (request, reply) => {
      const { correlationId, symbols, batch, interval, source, start, end } = request.body;
      const payloads = planBackfill({ symbols, batch, interval, source, start, ...(end === undefined ? {} : { end }), correlationId });
      const jobs: SubmittedJob[] = [];
      for (const payload of payloads) jobs.push(await submitJob(service.queues, 'ingest', payload));
      request.correlationId = correlationId;
      return reply.code(201).send({ correlationId, jobs: jobs.map(answer) });
    },
  );

  routes.get(
    '/v1/jobs/:queue/:jobId',
    {
      config: { role: 'read' },
      schema: {
        tags: ['enqueue'],
        summary: 'A job: state, attempts, failure reason, correlation id',
        params: z.object({ queue: z.enum(QUEUE_NAMES.filter((name) => name !== 'logs') as [string, ...string[]]), jobId: z.string().min(1).max(300) }),
      },
    },
    async (request, reply) => {
      const { queue, jobId } = request.params;
      const job = await service.queues.queue(queue as 'ingest').getJob(jobId);
      if (job === undefined) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no job ${jobId} on ${queue} (never added, or removed after its retention)` });
      const correlationId = (job.data as { correlationId?: string }).correlationId ?? null;
      if (correlationId !== null) request.correlationId = correlationId;
      return {
        queue,
        jobId,
        correlationId,
        state: await job.getState(),
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason ?? null,
        createdAt: new Date(job.timestamp).toISOString(),
        finishedAt: job.finishedOn === undefined ? null : new Date(job.finishedOn).toISOString(),
        result: job.returnvalue ?? null,
      };
    },
  );
}
