// Every registered kind through the one model interface: trained by the walk-forward evaluation,
// rebuilt by loadModel, and exported to ONNX, where onnxruntime must predict what the trainer's own
// predictor does (an evaluator written by someone else).
import { describe, expect, it } from 'vitest';
import {
  assembleDataset,
  evaluateWalkForward,
  exportLogisticToOnnx,
  exportTreeEnsembleToOnnx,
  gbdtModelKind,
  loadModel,
  modelKind,
  OnnxModel,
  type Dataset,
  type LogisticModelParams,
  type TreeEnsembleParams,
} from '../src/index.ts';
import { syntheticFrame } from './support/synthetic-frame.ts';

function directionDataset(seed: number, instants = 500): Dataset {
  return assembleDataset(syntheticFrame({ symbols: 4, instants, seed, signal: 0.3, noiseFeatures: 3 }), { predictionType: 'price_direction', horizon: 2 });
}

function allRows(dataset: Dataset): Int32Array {
  return Int32Array.from({ length: dataset.rows }, (_, i) => i);
}

describe('model kinds behind one interface', () => {
  it('gbdt is registered and beats the class prior out of sample on a planted signal', () => {
    expect(modelKind('gbdt')).toBe(gbdtModelKind);
    const result = evaluateWalkForward(directionDataset(41, 1000), {
      kind: gbdtModelKind,
      hyperparameters: { rounds: 60, maxDepth: 2, learningRate: 0.05, minSamplesLeaf: 40 },
      folds: { folds: 4 },
      seed: 5,
      bootstrap: { resamples: 200 },
    });
    expect(result.folds.every((fold) => fold.params.kind === 'gbdt')).toBe(true);
    expect(result.interval.lower, 'log-loss improvement over the prior, lower end').toBeGreaterThan(0);
  });

  it('gbdt refuses a misspelt hyperparameter and an out-of-range early-stopping share', () => {
    const dataset = directionDataset(42);
    const input = { featureNames: dataset.featureNames, columns: dataset.columns, labels: dataset.labels, rows: allRows(dataset), task: 'binary' as const, seed: 1 };
    expect(() => gbdtModelKind.train(input, { depth: 3 } as never)).toThrow(/unknown gbdt hyperparameter "depth"/);
    expect(() => gbdtModelKind.train(input, { validationFraction: 1 })).toThrow(/validationFraction must be in \[0, 1\)/);
  });

  it.each(['logistic', 'gbdt'])('%s: serialize → loadModel predicts the same; its ONNX export agrees within float32 rounding', async (kind) => {
    const dataset = directionDataset(43);
    const rows = allRows(dataset);
    const trained = modelKind(kind).train(
      { featureNames: dataset.featureNames, columns: dataset.columns, labels: dataset.labels, rows, task: 'binary', seed: 7 },
      kind === 'gbdt' ? { rounds: 30, maxDepth: 4 } : {},
    );
    const own = trained.predict(dataset.columns);
    const reloaded = loadModel(JSON.parse(JSON.stringify(trained.serialize())));
    expect(Array.from(reloaded.predict(dataset.columns).score)).toEqual(Array.from(own.score));

    const params = trained.serialize();
    const bytes = kind === 'gbdt' ? exportTreeEnsembleToOnnx(params as TreeEnsembleParams) : exportLogisticToOnnx(params as LogisticModelParams);
    const onnx = await OnnxModel.load(bytes);
    try {
      expect(onnx.inputWidth).toBe(dataset.featureNames.length);
      const served = await onnx.predictBatch(dataset.columns as Float64Array[]);
      let worst = 0;
      for (let i = 0; i < served.length; i++) worst = Math.max(worst, Math.abs(served[i]! - own.score[i]!));
      expect(worst, `largest |P(onnx) − P(trainer)| over ${served.length} rows`).toBeLessThan(1e-4);
    } finally {
      await onnx.release();
    }
  });
});
