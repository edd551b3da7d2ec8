import type { Model, ModelKind, PredictionBatch, SerializedModel, TrainingInput } from '../../src/index.ts';

interface OneFeatureParams extends SerializedModel {
  kind: 'one_feature_ols';
  intercept: number;
  slope: number;
}

/**
 * A regressor written only for tests: ordinary least squares on the first feature. It shows that any
 * trainer implementing ModelKind plugs into the walk-forward evaluation (as gbdt will).
 */
export const oneFeatureRegressionKind: ModelKind<OneFeatureParams> = {
  kind: 'one_feature_ols',
  tasks: ['regression'],
  train(input: TrainingInput) {
    const x = input.columns[0]!;
    let sx = 0;
    let sy = 0;
    for (const r of input.rows) {
      sx += x[r]!;
      sy += input.labels[r]!;
    }
    const mx = sx / input.rows.length;
    const my = sy / input.rows.length;
    let sxy = 0;
    let sxx = 0;
    for (const r of input.rows) {
      sxy += (x[r]! - mx) * (input.labels[r]! - my);
      sxx += (x[r]! - mx) ** 2;
    }
    const slope = sxx === 0 ? 0 : sxy / sxx;
    return build({ kind: 'one_feature_ols', featureNames: [...input.featureNames], intercept: my - slope * mx, slope });
  },
  load: build,
};

function build(params: OneFeatureParams): Model<OneFeatureParams> {
  const forecast = (x: number) => params.intercept + params.slope * x;
  return {
    kind: params.kind,
    task: 'regression',
    featureNames: params.featureNames,
    predict(columns, rows): PredictionBatch {
      const x = columns[0]!;
      const count = rows === undefined ? x.length : rows.length;
      const value = Float64Array.from({ length: count }, (_, i) => forecast(x[rows === undefined ? i : rows[i]!]!));
      return { value, score: value, confidence: new Float64Array(count).fill(1) };
    },
    predictRow(x) {
      const value = forecast(x[0]!);
      return { value, score: value, confidence: 1 };
    },
    serialize: () => ({ ...params }),
  };
}
