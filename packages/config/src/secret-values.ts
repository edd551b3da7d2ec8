import type { BaseConfig } from './sections/base.ts';
import type { ProviderSecrets } from './sections/shared-fields.ts';

function urlPassword(raw: string): string | undefined {
  try {
    const password = new URL(raw).password;
    // Logged text may carry either form, so the logger needs both to scrub reliably.
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/**
 * Every secret value held by a configuration, for the logger to scrub from output: the provider keys
 * its sections read, and the passwords embedded in DATABASE_URL and REDIS_URL (raw and percent-decoded).
 */
export function secretValues(config: BaseConfig & Partial<ProviderSecrets>): string[] {
  const values = new Set<string>();
  for (const value of [config.alpacaApiKeyId, config.alpacaApiSecretKey, config.polygonApiKey]) {
    if (value !== undefined && value !== '') values.add(value);
  }
  for (const url of [config.databaseUrl, config.redisUrl]) {
    const password = urlPassword(url);
    if (password === undefined) continue;
    values.add(password);
    try {
      values.add(decodeURIComponent(password));
    } catch {
      // A malformed escape just means there is no decoded form to scrub.
    }
  }
  return [...values];
}
