// gbdt: gradient-boosted trees on histogram-binned features (src/gbdt)
export * from './gbdt/index.ts';
