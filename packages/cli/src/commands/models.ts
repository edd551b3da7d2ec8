import { createDb, getModel, listModels, type ModelStatus } from '@mltrading/db';
import { cliConfig, fail } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

interface StoredMetrics {
  interval?: { comparison: string; estimate: number; lower: number; upper: number; level: number };
  pooled?: { rows: number; model: Record<string, number>; baseline: Record<string, number> };
  folds?: { index: number; trainRows: number; testRows: number; test: string[]; model: Record<string, number>; baselineMetrics: Record<string, number> }[];
  promotion?: string;
}

/** `mlt models`: the registry, newest first. */
export async function modelsList(options: { name?: string; status?: string; limit: number }): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const rows = await listModels(db, {
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.status === undefined ? {} : { status: options.status as ModelStatus }),
      limit: options.limit,
    });
    console.log(
      formatTable(
        rows.map((m) => {
          const interval = (m.metrics as StoredMetrics | null)?.interval;
          return {
            model_id: m.model_id,
            name: m.name,
            status: m.status,
            kind: m.model_type,
            type: m.prediction_type,
            interval: m.interval,
            version: m.version,
            'difference [lower, upper]': interval ? `${fmt(interval.estimate)} [${fmt(interval.lower)}, ${fmt(interval.upper)}]` : '',
            created_at: m.created_at,
          };
        }),
      ),
    );
  } finally {
    await db.destroy();
  }
}

/** `mlt models show ID`: parameters, then every metric of the model beside the baseline's. */
export async function modelsShow(modelId: string): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const model = await getModel(db, modelId);
    if (!model) fail(`no model ${modelId} (see \`mlt models\`)`);
    const metrics = (model.metrics ?? {}) as StoredMetrics;
    console.log(`${model.model_id}  ${model.name}  ${model.status}  ${model.model_type} ${model.prediction_type} ${model.interval}  artifact ${model.file_path}`);
    console.log(`parameters: ${JSON.stringify(model.parameters)}`);
    if (metrics.pooled) {
      const names = Object.keys(metrics.pooled.model);
      console.log(`\nout of sample, pooled over ${metrics.pooled.rows} rows:`);
      console.log(formatTable(names.map((name) => ({ metric: name, model: fmt(metrics.pooled!.model[name]), baseline: fmt(metrics.pooled!.baseline[name]) }))));
    }
    if (metrics.folds) {
      console.log('\nper fold:');
      const names = metrics.folds[0] ? Object.keys(metrics.folds[0].model) : [];
      console.log(
        formatTable(
          metrics.folds.flatMap((f) => names.map((name) => ({ fold: f.index, test: f.test.join(' → '), metric: name, model: fmt(f.model[name]), baseline: fmt(f.baselineMetrics[name]) }))),
        ),
      );
    }
    if (metrics.interval) {
      const i = metrics.interval;
      console.log(`\n${i.comparison} difference (model − baseline, positive = better): ${fmt(i.estimate)}, ${Math.round(i.level * 100)} % interval [${fmt(i.lower)}, ${fmt(i.upper)}]`);
    }
    if (metrics.promotion) console.log(metrics.promotion);
  } finally {
    await db.destroy();
  }
}

const fmt = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : Number(value.toPrecision(6)).toString());
