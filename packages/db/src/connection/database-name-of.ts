/** The database a `postgres://` URL points at (its path), decoded. */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`Database URL names no database: ${redactUrl(url)}`);
  return name;
}

/** The URL with its password hidden, for error messages and logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
