import { Worker } from 'node:worker_threads';

// Runs on its own thread, so it fires even while the main thread is stuck in synchronous work (a
// CPU-bound job chunk delays every timer of the main event loop, and with it the shutdown deadline).
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
// Counted from the signal (passed in), not from this thread's own start, which takes a few ms.
const startedAt = workerData.startedAt;
setTimeout(() => {
  const line = JSON.stringify({
    level: 60, time: Date.now(), pid: process.pid, name: workerData.name,
    deadlineMs: workerData.deadlineMs, elapsedMs: Date.now() - startedAt,
    msg: 'shutdown deadline passed while the main thread was busy: killing the process',
  });
  try { writeSync(1, line + '\\n'); } catch {}
  process.kill(process.pid, 'SIGKILL');
}, Math.max(0, startedAt + workerData.deadlineMs + workerData.graceMs - Date.now()));
`;

/** How long past the deadline the watchdog waits for the ordinary shutdown path to exit first. */
export const WATCHDOG_GRACE_MS = 250;

/**
 * Kills the process (SIGKILL) when it is still alive `graceMs` after the shutdown deadline. The
 * ordinary path exits at the deadline; this catches a main thread too busy to run its timers.
 * Unreferenced: it never keeps an otherwise finished process alive.
 */
export function startShutdownWatchdog(name: string, deadlineMs: number, graceMs = WATCHDOG_GRACE_MS): { stop(): void } {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { name, deadlineMs, graceMs, startedAt: Date.now() } });
  worker.unref();
  worker.on('error', () => {});
  return { stop: () => void worker.terminate() };
}
