/** Short JSON rendering of a refused value, so a reason shows what was sent without flooding logs. */
export function preview(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * A zod error callback that says "is required" for a missing field and `describe(input)` otherwise;
 * custom messages would otherwise claim a missing field has a bad value.
 */
export function issueMessage(describe: string | ((input: unknown) => string)) {
  return (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : typeof describe === 'string' ? describe : describe(issue.input);
}
