import { z } from 'zod';
import { parseInput } from '../validation/parse-input.ts';

const perShare = z
  .object({
    model: z.literal('per_share'),
    perShare: z.number().min(0).finite().default(0.005),
    /** Per fill. */
    minimum: z.number().min(0).finite().default(1),
  })
  .strict();

const basisPoints = z
  .object({
    model: z.literal('bps'),
    bps: z.number().min(0).max(10_000).default(1),
    /** Per fill. */
    minimum: z.number().min(0).finite().default(0),
  })
  .strict();

export const commissionSchema = z.discriminatedUnion('model', [perShare, basisPoints]);
export type CommissionModel = z.output<typeof commissionSchema>;

export const fillSimulatorConfigSchema = z
  .object({
    /** Market orders: the next open moved against the order by this many basis points. */
    slippageBps: z.number().min(0).max(10_000).default(5),
    /** Largest share of a bar's volume one order takes; the rest waits for later bars. null = no cap. */
    maxVolumeShare: z.number().gt(0).max(1).nullable().default(0.1),
    commission: commissionSchema.default({ model: 'per_share', perShare: 0.005, minimum: 1 }),
  })
  .strict();

export type FillSimulatorConfig = z.output<typeof fillSimulatorConfigSchema>;

/** Validated configuration with defaults filled in; throws InvalidInputError listing every bad field. */
export function fillSimulatorConfig(input: unknown = {}): FillSimulatorConfig {
  return parseInput('fill simulator configuration', fillSimulatorConfigSchema, input);
}
