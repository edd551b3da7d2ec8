export { trainGradientBoostedTrees, type GbdtTrainingResult, type GbdtRoundLoss, type GbdtValidationSet } from './train-gradient-boosted-trees.ts';
export { TreeEnsemble, loadTreeEnsemble, predictRaw, predictProbability } from './tree-ensemble.ts';
export type { TreeEnsembleParams, TreeParams, TreeEnsembleObjective } from './tree-ensemble-params.ts';
export type { GradientBoostingOptions } from './options.ts';
export { GbdtInputError } from './gbdt-input-error.ts';
export { GbdtModel, gbdtModelKind, trainGbdt, type GbdtHyperparameters } from './gbdt-model-kind.ts';
