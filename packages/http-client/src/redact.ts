const MAX_DETAIL_CHARS = 300;

/** Replaces every secret in `text`; used on anything taken from a response or an exception. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret !== '') out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** A short, one-line, key-free excerpt of a response body for an error message. */
export function bodyExcerpt(body: string, secrets: readonly (string | undefined)[] = []): string {
  const oneLine = redact(body, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_CHARS ? `${oneLine.slice(0, MAX_DETAIL_CHARS)}…` : oneLine;
}

/**
 * The server's own explanation from a JSON error body (`message`, `description` or `error`, also
 * nested, as in Yahoo's `{ chart: { error: { description } } }`), else an excerpt of the body;
 * redacted and shortened so an error message stays readable and key-free.
 */
export function errorDetail(body: string, secrets: readonly (string | undefined)[] = []): string {
  try {
    const found = findMessage(JSON.parse(body) as unknown, 0);
    if (found !== undefined) return bodyExcerpt(found, secrets);
  } catch {
    // Not JSON (a proxy's HTML page): the excerpt is all there is.
  }
  return bodyExcerpt(body, secrets);
}

function findMessage(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['message', 'description', 'error']) {
    const candidate = record[key];
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  for (const nested of Object.values(record)) {
    const found = findMessage(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
