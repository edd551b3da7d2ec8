import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.ts';

/**
 * One group of environment variables: their zod fields (keyed by variable name, so an issue names
 * the variable to fix), an optional cross-field check, and the mapping to typed, camelCase settings.
 * A process parses only the sections it uses, so another service's bad or missing value cannot stop it.
 */
export interface ConfigSection<Shape extends z.ZodRawShape = z.ZodRawShape, T extends object = object> {
  readonly name: string;
  readonly variables: Shape;
  check?(raw: z.output<z.ZodObject<Shape>>, ctx: z.RefinementCtx): void;
  read(raw: z.output<z.ZodObject<Shape>>): T;
}

export function defineSection<Shape extends z.ZodRawShape, T extends object>(section: ConfigSection<Shape, T>): ConfigSection<Shape, T> {
  return section;
}

/** The settings a list of sections produces, merged. */
export type SettingsOf<S extends readonly ConfigSection<z.ZodRawShape, object>[]> = S extends readonly [
  ConfigSection<z.ZodRawShape, infer T>,
  ...infer Rest extends readonly ConfigSection<z.ZodRawShape, object>[],
]
  ? T & SettingsOf<Rest>
  : unknown;

/**
 * Parses the variables of `sections` from `env` in one pass and returns their settings merged and
 * frozen. Empty strings count as unset because compose files and CI commonly export `VAR=` for "not
 * configured", and a blank secret is never a real one. Throws `ConfigError` listing every invalid
 * variable of these sections (and nothing about variables they do not read).
 */
export function loadSections<const S extends readonly ConfigSection<z.ZodRawShape, object>[]>(
  sections: S,
  env: NodeJS.ProcessEnv,
): Readonly<SettingsOf<S>> {
  // Sections may share a variable (INGEST_INTERVAL, the provider keys); they share its field too.
  const shape: z.ZodRawShape = Object.assign({}, ...sections.map((section) => section.variables));
  const schema = z.object(shape).superRefine((raw, ctx) => {
    for (const section of sections) section.check?.(raw, ctx);
  });

  const present: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value;
  }

  const result = schema.safeParse(present);
  if (!result.success) {
    const issues: ConfigIssue[] = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      // Custom messages already name the variable; strip it so the list does not repeat itself.
      const reason = issue.message.startsWith(`${variable} `) ? issue.message.slice(variable.length + 1) : issue.message;
      return { variable, reason };
    });
    throw new ConfigError(issues);
  }
  const settings = Object.assign({}, ...sections.map((section) => section.read(result.data)));
  return Object.freeze(settings) as Readonly<SettingsOf<S>>;
}
