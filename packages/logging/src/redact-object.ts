import { REDACTED, redactSecrets } from './redact-secrets.ts';

// Compared after lower-casing and dropping '-' and '_', and as suffixes, so `dbPassword`,
// `alpaca_api_secret_key` and `X-Api-Key` are all caught.
const SENSITIVE_KEY_SUFFIXES = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'secretkey',
  'token',
  'apikey',
  'apikeyid',
  'privatekey',
  'authorization',
  'cookie',
  'setcookie',
];

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

const MAX_DEPTH = 20;

function walk(value: unknown, secrets: readonly string[] | undefined, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, secrets, seen, depth + 1));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      // message and stack are not enumerable, so a plain copy would silently drop them.
      out.type = value.name;
      out.message = redactSecrets(value.message, secrets);
      if (value.stack !== undefined) out.stack = redactSecrets(value.stack, secrets);
      if (value.cause !== undefined) out.cause = walk(value.cause, secrets, seen, depth + 1);
    }
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) ? REDACTED : walk(item, secrets, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * A deep copy of `value` safe to persist: values under sensitive keys become `[REDACTED]`, every
 * string is passed through `redactSecrets`, Errors become `{ type, message, stack, ... }`.
 */
export function redactObject(value: unknown, secrets?: readonly string[]): unknown {
  return walk(value, secrets, new WeakSet(), 0);
}
