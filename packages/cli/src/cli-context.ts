import { ConfigError, loadConfig, type AppConfig } from '@mltrading/config';

/** The CLI reads the same environment as the services; a bad variable stops it with the full list. */
export function cliConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Prints a readable message and exits 1: the CLI's way to refuse bad input. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}
