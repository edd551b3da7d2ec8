import { fileURLToPath } from 'node:url';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';

export const SINK_ENTRY = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
export const FLOW_FIXTURE = fileURLToPath(new URL('../fixtures/flow-service.ts', import.meta.url));
export const MLT_BIN = fileURLToPath(new URL('../../../../packages/cli/bin/mlt.mjs', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Processes of one test file, with every stdout line kept (for the "never in a log line" checks). */
export class Processes {
  readonly lines: string[] = [];
  private readonly running: ServiceProcess[] = [];

  async start(entry: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
    const service = await spawnService(entry, { HEALTH_PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '15000', ...env }, (line) => this.lines.push(line));
    this.running.push(service);
    return service;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running.map((service) => service.stop()));
  }

  killAll(): void {
    for (const { child } of this.running) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 45_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${what} not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
