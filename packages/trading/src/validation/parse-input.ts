import type { z } from 'zod';
import { InvalidInputError, type InputIssue } from '../errors/invalid-input-error.ts';

const MISSING = /^Invalid input: expected (\w+), received undefined$/;

function describe(issue: z.core.$ZodIssue): InputIssue {
  const path = issue.path.length === 0 ? '(value)' : issue.path.map(String).join('.');
  const missing = MISSING.exec(issue.message);
  return { path, message: missing === null ? issue.message : `is required (${missing[1]})` };
}

/** Parse with a zod schema or throw InvalidInputError naming every bad field. */
export function parseInput<S extends z.ZodType>(subject: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(subject, result.error.issues.map(describe));
  return result.data;
}
