import { FEATURE_NAMES } from '@mltrading/features';
import { z } from 'zod';
import { envelopeFields } from './envelope-fields.ts';
import { issueMessage, preview } from './issue-message.ts';
import { buildJobId, compactTimestamp, shortHash } from './job-id.ts';
import { intervalSchema, isoDateTimeSchema, sourceSchema, symbolSchema } from './market-fields.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';

/** Model kinds the prediction service trains (the registry of @mltrading/models, named here so the contract stays zod-only at run time). */
export const TRAIN_MODEL_KINDS = ['logistic', 'gbdt'] as const;
export const TRAIN_PREDICTION_TYPES = ['price_direction', 'volatility', 'momentum'] as const;
export const MAX_TRAIN_SYMBOLS = 2000;

/**
 * The v3.0 features a model can read: every numeric one (`date` is text, no model input).
 * Taken from the catalog, never copied by hand.
 */
export const TRAINABLE_FEATURES: readonly string[] = FEATURE_NAMES.filter((name) => name !== 'date');
const TRAINABLE = new Set(TRAINABLE_FEATURES);

const positive = (name: string) => z.number({ error: issueMessage(`${name} must be a number`) }).positive({ error: `${name} must be > 0` });
const nonNegative = (name: string) => z.number({ error: issueMessage(`${name} must be a number`) }).min(0, { error: `${name} must be ≥ 0` });
const positiveInt = (name: string, max: number) =>
  z.number({ error: issueMessage(`${name} must be an integer`) }).int({ error: `${name} must be an integer` }).min(1, { error: `${name} must be ≥ 1` }).max(max, { error: `${name} must be ≤ ${max}` });
const share = (name: string) => z.number().gt(0, { error: `${name} must be in (0, 1]` }).max(1, { error: `${name} must be in (0, 1]` });

/** Logistic regression (L2, Newton/IRLS). Unknown names are refused: a typo must not train with a default. */
export const logisticHyperparametersSchema = z.strictObject({
  l2: nonNegative('l2').optional(),
  tolerance: positive('tolerance').optional(),
  maxIterations: positiveInt('maxIterations', 1000).optional(),
});

/** Gradient-boosted trees on histogram bins. */
export const gbdtHyperparametersSchema = z.strictObject({
  rounds: positiveInt('rounds', 5000).optional(),
  learningRate: positive('learningRate').optional(),
  maxDepth: positiveInt('maxDepth', 30).optional(),
  maxLeaves: z.number().int().min(2, { error: 'maxLeaves must be ≥ 2' }).optional(),
  maxBins: z.number().int().min(2).max(256, { error: 'maxBins must be in 2..256' }).optional(),
  lambda: nonNegative('lambda').optional(),
  minChildWeight: nonNegative('minChildWeight').optional(),
  minSamplesLeaf: positiveInt('minSamplesLeaf', 1_000_000).optional(),
  minSplitGain: nonNegative('minSplitGain').optional(),
  subsample: share('subsample').optional(),
  colsampleByTree: share('colsampleByTree').optional(),
  earlyStoppingRounds: positiveInt('earlyStoppingRounds', 1000).optional(),
  validationFraction: z.number().min(0).lt(1, { error: 'validationFraction must be in [0, 1)' }).optional(),
});

/**
 * Defaults per kind, chosen for the whole v3.0 set (105 numeric inputs) on noisy returns: with that
 * many inputs logistic needs λ ≈ 10 to stay at the prior on a random walk (models README: λ = 1
 * gives 9/20 random-walk seeds whose interval includes 0, λ = 10 gives 18/20); trees are kept
 * shallow and slow with early stopping.
 */
export const DEFAULT_HYPERPARAMETERS = {
  logistic: { l2: 10 },
  gbdt: { rounds: 200, learningRate: 0.05, maxDepth: 4, minSamplesLeaf: 100, subsample: 0.8, colsampleByTree: 0.8, earlyStoppingRounds: 20 },
} as const;

export const trainPayloadSchema = z
  .object({
    ...envelopeFields,
    /** Model name: one active model per name; retraining under the same name replaces it. */
    name: z
      .string({ error: issueMessage('must be a string') })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: issueMessage((v) => `${preview(v)} is not a model name (1-64 of letters, digits, ".", "_", "-")`) }),
    kind: z.enum(TRAIN_MODEL_KINDS, { error: issueMessage((v) => `${preview(v)} is not a known model kind (one of ${TRAIN_MODEL_KINDS.join(', ')})`) }),
    predictionType: z.enum(TRAIN_PREDICTION_TYPES, {
      error: issueMessage((v) => `${preview(v)} is not a prediction type (one of ${TRAIN_PREDICTION_TYPES.join(', ')})`),
    }),
    /** The training universe. */
    symbols: z
      .array(symbolSchema)
      .min(1, { error: 'must contain at least one symbol' })
      .max(MAX_TRAIN_SYMBOLS, { error: `must contain at most ${MAX_TRAIN_SYMBOLS} symbols` })
      .transform((symbols) => [...new Set(symbols)].sort()),
    interval: intervalSchema,
    source: sourceSchema.default('yahoo'),
    /** Training window [start, end). */
    start: isoDateTimeSchema,
    end: isoDateTimeSchema,
    /** Bars ahead the label looks (≥ 1; volatility ≥ 2). */
    horizon: z.number({ error: issueMessage('must be an integer') }).int({ error: 'must be an integer' }).min(1, { error: 'must be ≥ 1 (bars ahead)' }).max(1000),
    /** Instants between training and test fold; default = horizon, never fewer. */
    embargo: z.number().int().min(1).max(10_000).optional(),
    /** Feature names, or 'all' for the whole v3.0 set (numeric features). */
    features: z.union([
      z.literal('all'),
      z
        .array(z.string())
        .min(1, { error: 'must name at least one feature (or be "all")' })
        .superRefine((names, ctx) => {
          const unknown = names.filter((n) => !TRAINABLE.has(n));
          if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown feature(s) ${unknown.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')} (not numeric features of v3.0)` });
          if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'lists a feature twice' });
        }),
    ]).default('all'),
    hyperparameters: z.record(z.string(), z.unknown()).default({}),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    /** Walk-forward test folds. */
    folds: z.number().int().min(2).max(20).default(5),
    /** Promote when the interval's lower end (model − baseline, positive = better) exceeds this; null: never promote. */
    promoteAbove: z.number().nullable().default(0),
  })
  .superRefine((payload, ctx) => {
    if (payload.start >= payload.end) ctx.addIssue({ code: 'custom', path: ['start'], message: `empty training range: start (${payload.start}) must be before end (${payload.end})` });
    if (payload.predictionType === 'volatility' && payload.horizon < 2) ctx.addIssue({ code: 'custom', path: ['horizon'], message: 'volatility needs horizon ≥ 2' });
    if (payload.kind === 'logistic' && payload.predictionType !== 'price_direction') {
      ctx.addIssue({ code: 'custom', path: ['predictionType'], message: `logistic learns price_direction only (a binary target), not ${payload.predictionType}` });
    }
    if (payload.embargo !== undefined && payload.embargo < payload.horizon) {
      ctx.addIssue({ code: 'custom', path: ['embargo'], message: `must be ≥ horizon (${payload.horizon}) so no training label reaches the test fold` });
    }
    const schema = payload.kind === 'gbdt' ? gbdtHyperparametersSchema : logisticHyperparametersSchema;
    const parsed = schema.safeParse(payload.hyperparameters);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` ${issue.keys.join(', ')}` : '';
        ctx.addIssue({ code: 'custom', path: ['hyperparameters', ...issue.path.map(String)], message: `${issue.message}${keys} (${payload.kind})` });
      }
    }
  });

export const trainQueue = defineQueue({
  name: 'train',
  description: 'Train, evaluate walk-forward against the baseline, store and register a model (promote it when the rule allows).',
  schema: trainPayloadSchema,
  defaultJobOptions: {
    // Training is deterministic: a failure that is not an outage will fail again.
    attempts: 2,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: RETENTION.completedDay,
    removeOnFail: RETENTION.failedWeek,
  },
  jobId: (p) =>
    buildJobId('train', [
      p.name,
      p.kind,
      p.interval,
      compactTimestamp(p.start),
      compactTimestamp(p.end),
      shortHash([p.predictionType, p.source, String(p.horizon), String(p.embargo ?? ''), JSON.stringify(p.features), JSON.stringify(p.hyperparameters), String(p.seed), String(p.folds), String(p.promoteAbove), ...p.symbols]),
    ]),
});
