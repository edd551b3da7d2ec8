import { z } from 'zod';
import { envelopeFields } from './envelope-fields.ts';
import { issueMessage, preview } from './issue-message.ts';
import { buildJobId, compactTimestamp, shortHash } from './job-id.ts';
import { intervalSchema, isoDateTimeSchema, sourceSchema, symbolSchema } from './market-fields.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';
import { TRAIN_MODEL_KINDS, TRAINABLE_FEATURES } from './train.ts';

export const MAX_BACKTEST_SYMBOLS = 2000;
const TRAINABLE = new Set(TRAINABLE_FEATURES);

const plainObject = (what: string) => z.record(z.string(), z.unknown(), { error: issueMessage(`${what} must be an object`) });

/**
 * Walk-forward predictions: a model of `kind` retrained every `retrainEvery` instants on the
 * `trainSize` instants before, predicting only after its window plus the horizon plus the embargo.
 */
const walkForwardSchema = z.strictObject({
  kind: z.enum(TRAIN_MODEL_KINDS, { error: issueMessage((v) => `${preview(v)} is not a known model kind (one of ${TRAIN_MODEL_KINDS.join(', ')})`) }),
  features: z
    .array(z.string())
    .min(1, { error: 'must name at least one feature' })
    .superRefine((names, ctx) => {
      const unknown = names.filter((n) => !TRAINABLE.has(n));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown feature(s) ${unknown.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')} (not numeric features of v3.0)` });
      if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'lists a feature twice' });
    }),
  trainSize: z.number().int().min(10, { error: 'trainSize must be ≥ 10 instants' }).max(1_000_000),
  retrainEvery: z.number().int().min(1).max(1_000_000),
  horizon: z.number().int().min(1).max(1000).default(1),
  embargo: z.number().int().min(0).max(10_000).optional(),
  hyperparameters: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
});

/**
 * A registered model by id (its stored artifact predicts every bar), or walk-forward: exactly one.
 * One object with both optional (not a union), so a bad field inside either says what is wrong.
 */
const modelSchema = z
  .strictObject({ modelId: z.string().min(1).max(128).optional(), walkForward: walkForwardSchema.optional() }, { error: issueMessage('must be an object') })
  .refine((m) => (m.modelId === undefined) !== (m.walkForward === undefined), {
    error: 'give exactly one of modelId (a registered model) or walkForward {kind, features, trainSize, retrainEvery, …}',
  });

export const backtestPayloadSchema = z
  .object({
    ...envelopeFields,
    symbols: z
      .array(symbolSchema)
      .min(1, { error: 'must contain at least one symbol' })
      .max(MAX_BACKTEST_SYMBOLS, { error: `must contain at most ${MAX_BACKTEST_SYMBOLS} symbols` })
      .transform((symbols) => [...new Set(symbols)].sort()),
    interval: intervalSchema,
    source: sourceSchema.default('yahoo'),
    /** Replayed range [start, end). */
    start: isoDateTimeSchema,
    end: isoDateTimeSchema,
    /** Strategy of @mltrading/trading's registry; kind and params are checked by the run (unknown kind named). */
    strategy: z
      .strictObject({ kind: z.string().min(1).max(64), name: z.string().min(1).max(64).optional(), params: plainObject('strategy.params').default({}) })
      .default({ kind: 'direction-threshold', params: {} }),
    /** Paper broker costs: slippageBps, maxVolumeShare, commission (fillSimulatorConfig's fields). */
    costs: plainObject('costs').default({}),
    /**
     * Bars an order may trade on after its decision bar before it expires (live: PAPER_EXPIRE_AFTER_BARS).
     * Default 1: the next decision sees what filled and orders the rest.
     */
    expireAfterBars: z.number().int({ error: 'expireAfterBars must be a whole number of bars' }).min(1, { error: 'expireAfterBars must be ≥ 1' }).max(100_000).default(1),
    /** Risk limits (riskLimits()' fields); default the live defaults. */
    riskLimits: plainObject('riskLimits').default({}),
    initialCash: z.number().positive({ error: 'initialCash must be > 0' }).finite().default(1_000_000),
    model: modelSchema,
    /** Runs of one parameter sweep share it; the deflated Sharpe ratio counts them. */
    sweepId: z.string().min(1).max(128).optional(),
  })
  .superRefine((payload, ctx) => {
    if (payload.start >= payload.end) ctx.addIssue({ code: 'custom', path: ['start'], message: `empty range: start (${payload.start}) must be before end (${payload.end})` });
  });

export const backtestQueue = defineQueue({
  name: 'backtest',
  description: 'Replay a strategy and a model over stored history through the live trading code; store the run, its orders, fills, equity curve and report.',
  schema: backtestPayloadSchema,
  defaultJobOptions: {
    // A replay is deterministic: bad input fails without retries (UnrecoverableError in the worker);
    // a second attempt is for an outage of the database mid-run.
    attempts: 2,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: RETENTION.completedDay,
    removeOnFail: RETENTION.failedWeek,
  },
  jobId: (p) =>
    buildJobId('backtest', [
      p.interval,
      compactTimestamp(p.start),
      compactTimestamp(p.end),
      shortHash([p.source, JSON.stringify(p.strategy), JSON.stringify(p.costs), String(p.expireAfterBars), JSON.stringify(p.riskLimits), String(p.initialCash), JSON.stringify(p.model), p.sweepId ?? '', ...p.symbols]),
    ]),
});
