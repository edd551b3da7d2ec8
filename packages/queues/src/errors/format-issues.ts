import type { z } from 'zod';

/** One field problem: where (dotted path, indices included) and why. */
export interface PayloadIssue {
  path: string;
  message: string;
}

const MISSING = /^Invalid input: expected (\w+), received undefined$/;

function describe(issue: z.core.$ZodIssue): PayloadIssue {
  const path = issue.path.length === 0 ? '(payload)' : issue.path.map(String).join('.');
  const missing = MISSING.exec(issue.message);
  const message = missing === null ? issue.message : `is required (${missing[1]})`;
  return { path, message };
}

export function payloadIssues(error: z.ZodError): PayloadIssue[] {
  return error.issues.map(describe);
}

/** `symbols.1: "AAPL; DROP TABLE" is not a valid symbol (...); interval: ...` — one line per problem, joined. */
export function formatIssues(error: z.ZodError): string {
  return payloadIssues(error)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
}
