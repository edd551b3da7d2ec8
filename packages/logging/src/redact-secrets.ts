export const REDACTED = '[REDACTED]';

/**
 * Shorter configured secrets are ignored: scrubbing every "ab" or "1" from all log text would make
 * the logs useless, and a secret that short protects nothing anyway.
 */
export const MIN_SECRET_LENGTH = 4;

// scheme://user:password@host — any scheme, user may be empty (redis://:pw@host).
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#"'<>\\]*):([^\s@/?#"'<>\\]+)@/gi;
// apikey=…, token=…, password: … in query strings, headers rendered as text and free-form messages.
const KEY_VALUE =
  /\b(api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|token|client[_-]?secret|secret|password|passwd|pwd)(\s*[=:]\s*)(?!\[REDACTED\])([^\s&"'<>,;\\]+)/gi;
const BEARER = /\b(Bearer)\s+(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*/gi;

function usableSecrets(secrets: readonly string[] | undefined): string[] {
  if (secrets === undefined || secrets.length === 0) return [];
  const unique = new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH));
  // Longest first so a secret that contains another is replaced whole.
  return [...unique].sort((a, b) => b.length - a.length);
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`)
    .replace(KEY_VALUE, `$1$2${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`);
}

/**
 * Removes secrets from free text: passwords in connection strings of any scheme, `apikey=`/`token=`
 * style pairs, `Bearer` tokens and every exact value in `secrets`.
 */
export function redactSecrets(text: string, secrets?: readonly string[]): string {
  return scrub(text, usableSecrets(secrets));
}

/**
 * A scrubber for serialized JSON lines: besides the raw secret it also removes the secret's JSON
 * escaped form, because a secret containing `"` or `\` appears escaped in the output.
 */
export function createJsonScrubber(secrets?: readonly string[]): (line: string) => string {
  const raw = usableSecrets(secrets);
  const expanded = usableSecrets([...raw, ...raw.map((secret) => JSON.stringify(secret).slice(1, -1))]);
  return (line) => scrub(line, expanded);
}
