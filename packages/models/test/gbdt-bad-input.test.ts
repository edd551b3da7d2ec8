// Bad input fails at once with a message that names what is wrong.
import { describe, expect, it } from 'vitest';
import { GbdtInputError, loadTreeEnsemble, predictProbability, predictRaw, trainGradientBoostedTrees, type TreeEnsembleParams } from '../src/index.ts';

const x = Float64Array.of(1, 2, 3, 4, 5, 6);
const y = Float64Array.of(0, 1, 0, 1, 1, 0);
const binary = { objective: 'binary' as const, minSamplesLeaf: 1 };

function failsWith(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(GbdtInputError);
  expect(run).toThrow(message);
}

describe('gbdt bad input', () => {
  it('mismatched lengths', () => {
    failsWith(() => trainGradientBoostedTrees([x, Float64Array.of(1, 2)], y, binary), /column 'f1' has 2 rows but there are 6 labels/);
    failsWith(() => trainGradientBoostedTrees([x], Float64Array.of(0, 1), binary), /column 'f0' has 6 rows but there are 2 labels/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, featureNames: ['a', 'b'] }), /featureNames has 2 names for 1 columns/);
    failsWith(() => trainGradientBoostedTrees([x], y, binary, { columns: [x, x], labels: y }), /validation needs 1 feature columns, got 2/);
    failsWith(() => trainGradientBoostedTrees([x], y, binary, { columns: [x], labels: Float64Array.of(1) }), /validation column 'f0' has 6 rows but there are 1 labels/);
  });

  it('NaN labels and features, and labels the objective cannot take', () => {
    failsWith(() => trainGradientBoostedTrees([x], Float64Array.of(0, 1, NaN, 1, 1, 0), binary), /label at row 2 is NaN/);
    failsWith(() => trainGradientBoostedTrees([x], Float64Array.of(0, 1, NaN, 1, 1, 0), { objective: 'regression' }), /label at row 2 is NaN: regression labels must be finite/);
    failsWith(() => trainGradientBoostedTrees([x], Float64Array.of(0, 1, 2, 1, 1, 0), binary), /label at row 2 is 2: binary labels must be 0 or 1/);
    failsWith(() => trainGradientBoostedTrees([Float64Array.of(1, 2, NaN, 4, 5, 6)], y, { ...binary, featureNames: ['rsi_14'] }), /training column 'rsi_14' is NaN at row 2/);
    failsWith(() => trainGradientBoostedTrees([x], Float64Array.of(1, 1, 1, 1, 1, 1), binary), /needs both classes/);
  });

  it('empty data', () => {
    failsWith(() => trainGradientBoostedTrees([], y, binary), /at least one feature column/);
    failsWith(() => trainGradientBoostedTrees([new Float64Array(0)], new Float64Array(0), binary), /training data is empty/);
    failsWith(() => trainGradientBoostedTrees([x], y, binary, { columns: [new Float64Array(0)], labels: new Float64Array(0) }), /validation data is empty/);
  });

  it('options out of range', () => {
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, maxDepth: 0 }), /maxDepth must be an integer from 1 to 30, got 0/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, learningRate: 0 }), /learningRate must be a positive number, got 0/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, learningRate: -0.1 }), /learningRate must be a positive number/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, maxBins: 257 }), /maxBins must be an integer from 2 to 256/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, subsample: 0 }), /subsample must be in \(0, 1\]/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, lambda: -1 }), /lambda must be a number >= 0/);
    failsWith(() => trainGradientBoostedTrees([x], y, { ...binary, rounds: 1.5 }), /rounds must be a positive integer/);
    failsWith(() => trainGradientBoostedTrees([x], y, { objective: 'poisson' as 'binary' }), /objective must be 'binary' or 'regression'/);
  });

  it('malformed parameters and rows at prediction', () => {
    const { params } = trainGradientBoostedTrees([x, x], y, { ...binary, rounds: 2, maxDepth: 2 });
    const broken = (change: (p: TreeEnsembleParams) => void): TreeEnsembleParams => {
      const copy = structuredClone(params);
      change(copy);
      return copy;
    };
    failsWith(() => loadTreeEnsemble(broken((p) => (p.trees[0]!.threshold[0] = 0.1))), /threshold 0.1 is not a float32-representable number/);
    failsWith(() => loadTreeEnsemble(broken((p) => (p.trees[0]!.left[0] = 0))), /child 0 must be a later node index/);
    failsWith(() => loadTreeEnsemble(broken((p) => (p.trees[0]!.feature[0] = 2))), /feature 2 out of range 0..1/);
    failsWith(() => loadTreeEnsemble(broken((p) => p.trees[0]!.value.pop())), /'value' must be an array of \d+ numbers/);
    failsWith(() => loadTreeEnsemble(broken((p) => (p.kind = 'logistic' as 'gbdt'))), /kind must be 'gbdt'/);
    failsWith(() => predictRaw(params, Float64Array.of(1)), /a row must be a Float64Array of 2 features, got length 1/);
    failsWith(() => predictRaw(params, Float64Array.of(1, NaN)), /feature 1 of the row is NaN/);
    failsWith(() => loadTreeEnsemble(params).predictRawColumns([x]), /expected 2 feature columns, got 1/);
    failsWith(() => loadTreeEnsemble(params).predictRawColumns([x, Float64Array.of(1, 2, 3, NaN, 5, 6)]), /column 1 is NaN at row 3/);
    failsWith(() => loadTreeEnsemble(params).predictRawColumns([x, Float64Array.of(1, 2)]), /column 1 must be a Float64Array of 6 rows/);
    const regression = trainGradientBoostedTrees([x], y, { objective: 'regression', minSamplesLeaf: 1, rounds: 1 }).params;
    failsWith(() => predictProbability(regression, Float64Array.of(1)), /probabilities need the 'binary' objective/);
    expect(predictProbability(params, Float64Array.of(1, 1))).toBeGreaterThan(0);
  });
});
