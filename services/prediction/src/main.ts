// The prediction service process: `train` and `predict` workers, plus the prediction sweep and the
// weekly retraining as tasks the kit starts and stops with them.
import { loadPredictionConfig } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { retrainTask } from './retrain/retrain-task.ts';
import { predictionSweepTask } from './sweep/prediction-sweep-task.ts';
import { predictionWorkers } from './workers.ts';

await runService({ name: 'prediction', config: loadPredictionConfig, workers: predictionWorkers(), tasks: [predictionSweepTask(), retrainTask()] });
