// The feature-engineering service's own settings (the shared ones come from @mltrading/config).
// Parsed once at start-up; a bad value stops the start with every bad variable listed.

export interface FeatureServiceOptions {
  /** Bars computed per slice of a long history; the event loop (and BullMQ's lock renewal) runs between slices. */
  readonly chunkBars: number;
  /** Period of the dashboard view's scheduled refresh. */
  readonly dashboardRefreshEveryMs: number;
  /** Quiet time after a backfill or recompute before the dashboard view is refreshed (debounce). */
  readonly dashboardRefreshDelayMs: number;
}

export const DEFAULT_FEATURE_SERVICE_OPTIONS: FeatureServiceOptions = {
  chunkBars: 10_000,
  dashboardRefreshEveryMs: 3_600_000,
  dashboardRefreshDelayMs: 30_000,
};

const VARIABLES = {
  FEATURES_CHUNK_BARS: ['chunkBars', 1_000],
  FEATURES_DASHBOARD_REFRESH_EVERY_MS: ['dashboardRefreshEveryMs', 1_000],
  FEATURES_DASHBOARD_REFRESH_DELAY_MS: ['dashboardRefreshDelayMs', 0],
} as const satisfies Record<string, readonly [keyof FeatureServiceOptions, number]>;

export class FeatureServiceOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid feature-engineering configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FeatureServiceOptionsError';
  }
}

export function loadFeatureServiceOptions(env: NodeJS.ProcessEnv): FeatureServiceOptions {
  const options: Record<string, number> = { ...DEFAULT_FEATURE_SERVICE_OPTIONS };
  const problems: string[] = [];
  for (const [variable, [field, minimum]] of Object.entries(VARIABLES)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < minimum) problems.push(`${variable}: expected an integer >= ${minimum}, got "${raw}"`);
    else options[field] = value;
  }
  if (problems.length > 0) throw new FeatureServiceOptionsError(problems);
  return options as unknown as FeatureServiceOptions;
}
