import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { startShutdownWatchdog } from './shutdown-watchdog.ts';

type Step = { name: string; run: () => Promise<unknown> };

/**
 * Runs the registered shutdown steps once, in order, on SIGTERM/SIGINT. The whole sequence has a
 * deadline: a step that outlives it is abandoned so an orchestrator's kill never finds us hung.
 */
export class ShutdownManager {
  private readonly steps: Step[] = [];
  private shuttingDown: Promise<number> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly deadlineMs: number,
  ) {}

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown !== undefined;
  }

  /**
   * On SIGTERM/SIGINT: runs the steps and exits with their code. A watchdog thread started with the
   * shutdown kills the process shortly after the deadline if the main thread is too busy to exit.
   */
  listen(exit: (code: number) => void = (code) => process.exit(code), name = 'service'): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        this.logger.info({ signal, deadlineMs: this.deadlineMs }, 'shutdown requested');
        if (this.shuttingDown === undefined) startShutdownWatchdog(name, this.deadlineMs);
        void this.shutdown().then(exit);
      });
    }
  }

  /** Resolves to the exit code: 0 when every step finished in time, 1 otherwise. */
  shutdown(): Promise<number> {
    this.shuttingDown ??= this.runSteps();
    return this.shuttingDown;
  }

  private async runSteps(): Promise<number> {
    // Monotonic: a wall-clock step (NTP) must not stretch or cut the deadline.
    const startedAt = performance.now();
    const deadline = startedAt + this.deadlineMs;
    let code = 0;
    let expired = false;
    for (const step of this.steps) {
      const left = deadline - performance.now();
      if (expired || left <= 0) {
        // Exiting closes every socket anyway; what matters is not to outstay the deadline.
        this.logger.error({ step: step.name }, 'shutdown step skipped: deadline passed');
        code = 1;
        continue;
      }
      const outcome = await Promise.race([
        step.run().then(() => 'done' as const, (error: unknown) => ({ error })),
        // Rounded up: a timer may fire a fraction of a millisecond before the monotonic clock agrees.
        delay(Math.ceil(left)).then(() => 'timeout' as const),
      ]);
      if (outcome === 'timeout') {
        this.logger.error({ step: step.name, deadlineMs: this.deadlineMs }, 'shutdown step missed the deadline');
        code = 1;
        expired = true;
      } else if (outcome !== 'done') {
        this.logger.error({ step: step.name, err: outcome.error }, 'shutdown step failed');
        code = 1;
      }
    }
    this.logger.info({ code, elapsedMs: Math.round(performance.now() - startedAt), deadlineMs: this.deadlineMs }, 'shutdown complete');
    return code;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
