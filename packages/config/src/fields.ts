// Field builders shared by the configuration sections. Environment values are strings; each builder
// turns one into a typed value or an issue whose message names the variable (never its value).
import { z } from 'zod';

export const booleanFlag = (name: string) =>
  z
    .string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0'], { error: `${name} must be one of true, false, 1, 0` }))
    .transform((value) => value === 'true' || value === '1');

// An explicit integer pattern rejects "1.5", "1e3" and "12abc", which Number() or parseInt() would
// quietly accept or truncate.
export const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: `${name} must be an integer` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be >= ${min}` })
        .max(max, { error: `${name} must be <= ${max}` }),
    );

export const decimal = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, { error: `${name} must be a decimal number` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${name} must be >= ${min}` }).max(max, { error: `${name} must be <= ${max}` }));

export const urlWithScheme = (name: string, schemes: readonly string[]) =>
  z.string().trim().refine(
    (raw) => {
      try {
        const parsed = new URL(raw);
        return schemes.length === 0 || schemes.includes(parsed.protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    {
      error:
        schemes.length === 0
          ? `${name} must be an absolute URL`
          : `${name} must be a URL with scheme ${schemes.join(' or ')}`,
    },
  );

/** A case-insensitive choice among `values`. */
export const choice = <const V extends readonly [string, ...string[]]>(name: string, values: V) =>
  z
    .string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(values, { error: `${name} must be one of ${values.join(', ')}` }));

/** A JSON object (strategy parameters, risk limits); its fields are validated by their consumer at start. */
export const jsonObject = (name: string) =>
  z.string().transform((raw, ctx) => {
    try {
      const value: unknown = JSON.parse(raw);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: `${name} must be a JSON object, such as {"confidenceThreshold":0.7}` });
    return z.NEVER;
  });

/** A secret is any non-empty string; it is never echoed, so there is nothing to check beyond presence. */
export const secret = z.string();
