/** Replaces every secret in `text`; used on anything taken from a response or an exception. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret !== '') out = out.split(secret).join('[redacted]');
  }
  return out;
}

const MAX_DETAIL_CHARS = 300;

/**
 * The broker's own explanation from a JSON error body (`message`, else `error`), else a one-line
 * excerpt of the body; redacted and shortened so an error message stays readable and key-free.
 */
export function errorDetail(body: string, secrets: readonly (string | undefined)[]): string {
  let text = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const message = record['message'] ?? record['error'];
      if (typeof message === 'string' && message !== '') text = message;
    }
  } catch {
    // Not JSON (a proxy's HTML page): the excerpt is all there is.
  }
  const oneLine = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_CHARS ? `${oneLine.slice(0, MAX_DETAIL_CHARS)}…` : oneLine;
}
