import { Worker } from 'node:worker_threads';
import { UnrecoverableError } from 'bullmq';
import type { FitInput, FitOutput, FitStage } from './fit-model.ts';

export type ThreadMessage =
  | { type: 'stage'; stage: FitStage }
  | { type: 'done'; output: FitOutput }
  | { type: 'failed'; name: string; message: string; stack?: string; modelInput: boolean };

const THREAD_ENTRY = new URL('./training-thread.mjs', import.meta.url);

/**
 * Runs fitModel in a worker thread of its own, so the minutes of synchronous fitting never hold the
 * process's event loop: predict jobs, BullMQ lock renewals, health checks and the log shipper keep
 * running beside it. The input's arrays are transferred, not copied (the caller must not use them
 * afterwards). A model-input problem (too little data for the folds, one class only) rejects with
 * an UnrecoverableError (no retry); anything else, a crash of the thread included, with an Error.
 */
export function trainInThread(input: FitInput, onStage: (stage: FitStage) => void = () => undefined): Promise<FitOutput> {
  const transfer = [...new Set([input.symbolIndex, input.timestamps, input.close, ...input.columns].map((a) => a.buffer as ArrayBuffer))];
  return new Promise<FitOutput>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    // execArgv []: the process's own flags (an --import of tsx, vitest's) are not the thread's; the
    // entry registers tsx itself.
    const worker = new Worker(THREAD_ENTRY, { workerData: input, transferList: transfer, execArgv: [] });
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'stage') onStage(message.stage);
      else if (message.type === 'done') settle(() => resolve(message.output));
      else {
        const text = message.modelInput ? `train refused: ${message.message}` : `training failed: ${message.name}: ${message.message}`;
        const error = message.modelInput ? new UnrecoverableError(text) : new Error(text);
        if (message.stack !== undefined) error.stack = `${text}\n(in the training thread)\n${message.stack}`;
        settle(() => reject(error));
      }
    });
    worker.on('error', (error) => settle(() => reject(new Error(`training thread crashed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new Error(`training thread exited with code ${code} before reporting a result`))));
  });
}
