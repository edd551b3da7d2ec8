import type { WalkForwardEvaluation } from '@mltrading/models';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The metrics stored with a model: per fold and pooled, model beside baseline, and the bootstrap
 * interval of the difference. Fold parameters stay out (the artifact is the model; a tree ensemble's
 * fold params would dwarf the row).
 */
export function summarizeEvaluation(evaluation: WalkForwardEvaluation) {
  return {
    task: evaluation.task,
    predictionType: evaluation.predictionType,
    horizon: evaluation.horizon,
    interval: { ...evaluation.interval },
    pooled: { rows: evaluation.pooled.rows, model: evaluation.pooled.modelMetrics, baseline: evaluation.pooled.baselineMetrics },
    folds: evaluation.folds.map((fold) => ({
      index: fold.index,
      trainRows: fold.trainRows,
      testRows: fold.testRows,
      purgedRows: fold.purgedRows,
      train: [iso(fold.trainStart), iso(fold.trainEnd)],
      test: [iso(fold.testStart), iso(fold.testEnd)],
      baseline: fold.baseline,
      model: fold.modelMetrics,
      baselineMetrics: fold.baselineMetrics,
    })),
  };
}

export type EvaluationSummary = ReturnType<typeof summarizeEvaluation>;
