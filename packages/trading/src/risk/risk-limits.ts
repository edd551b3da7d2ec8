import { z } from 'zod';
import { parseInput } from '../validation/parse-input.ts';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be 'HH:MM' (24-hour)");

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const tradingHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York'),
    sessionOpen: clock,
    sessionClose: clock,
  })
  .strict()
  .refine((h) => h.sessionOpen < h.sessionClose, { message: 'sessionClose must be after sessionOpen', path: ['sessionClose'] });

export type TradingHours = z.output<typeof tradingHoursSchema>;

export const DEFAULT_TRADING_HOURS: TradingHours = Object.freeze({ timeZone: 'America/New_York', sessionOpen: '09:30', sessionClose: '16:00' });

/** Each limit is on by default; `null` turns it off. */
export const riskLimitsSchema = z
  .object({
    /** |position| after the order, shares. */
    maxPositionShares: z.number().int().positive().nullable().default(null),
    /** |position| × price after the order. */
    maxPositionNotional: z.number().positive().finite().nullable().default(100_000),
    /** Σ |position| × price over all symbols after the order. */
    maxGrossExposure: z.number().positive().finite().nullable().default(1_000_000),
    /** quantity × price of the order itself (a fat-finger guard; applies to reductions too). */
    maxOrderNotional: z.number().positive().finite().nullable().default(50_000),
    /** Orders sent in the last 60 s, this one included. */
    maxOrdersPerMinute: z.number().int().positive().nullable().default(60),
    /** Regular session (weekdays, open ≤ local time < close, no holidays); null = any time. */
    tradingHours: tradingHoursSchema.nullable().default(DEFAULT_TRADING_HOURS),
  })
  .strict();

export type RiskLimits = z.output<typeof riskLimitsSchema>;

/** Validated limits with defaults filled in; throws InvalidInputError listing every bad field. */
export function riskLimits(input: unknown = {}): RiskLimits {
  return parseInput('risk limits', riskLimitsSchema, input);
}
