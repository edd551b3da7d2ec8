/** One environment variable that failed validation. */
export interface ConfigIssue {
  variable: string;
  reason: string;
}

/**
 * Thrown by `loadConfig` when the environment is invalid. The message lists every bad variable so an
 * operator fixes the deployment in one pass instead of one restart per mistake.
 */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.variable}: ${issue.reason}`);
    super(
      `Invalid environment configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
