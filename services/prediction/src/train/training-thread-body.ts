// The training worker thread: one fit (see train-in-thread.ts), its stages reported as it goes,
// the result or a described error posted back, then the thread ends.
import { parentPort, workerData } from 'node:worker_threads';
import { fitModel, isModelInputProblem, type FitInput } from './fit-model.ts';
import type { ThreadMessage } from './train-in-thread.ts';

const post = (message: ThreadMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  const output = fitModel(workerData as FitInput, (stage) => post({ type: 'stage', stage }));
  post({ type: 'done', output }, [output.json.buffer as ArrayBuffer, output.onnx.buffer as ArrayBuffer]);
} catch (error) {
  const err = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', name: err.name, message: err.message, stack: err.stack, modelInput: isModelInputProblem(error) });
}
