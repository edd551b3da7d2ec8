export { processTrainJob, type TrainJobResult, type TrainPayload, type TrainProgress } from './train/process-train-job.ts';
export { processPredictJob, type PredictJobResult, type PredictPayload, type ModelOutcome } from './predict/process-predict-job.ts';
export { ModelCache, type ServingModel } from './predict/model-cache.ts';
export { predictionId } from './predict/prediction-id.ts';
export { sweepPredictions, type PredictionSweepResult, type SweepPredictionsOptions } from './sweep/sweep-predictions.ts';
export { predictionSweepTask, PREDICTION_SWEEP_QUEUE, PREDICTION_SWEEP_SCHEDULER_ID } from './sweep/prediction-sweep-task.ts';
export { retrainActiveModels, type RetrainResult } from './retrain/retrain-active-models.ts';
export { retrainTask, RETRAIN_QUEUE, RETRAIN_SCHEDULER_ID } from './retrain/retrain-task.ts';
export { predictionWorkers, type PredictionWorkersOptions } from './workers.ts';
