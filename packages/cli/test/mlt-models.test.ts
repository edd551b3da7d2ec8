// mlt train (validation, enqueue, progress until the job ends) and mlt models / models show.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactUri, createDb, getModel, listModels, loadArtifact, registerModel, sha256Of } from '@mltrading/db';
import { exportLogisticToOnnx } from '@mltrading/models';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

const cli = cliHarness('models');
const { run, env } = cli;
const predictionMain = fileURLToPath(new URL('../../../services/prediction/src/main.ts', import.meta.url));
let service: ServiceProcess | undefined;

const trainArgs = ['train', '--name', 'cli-model', '--symbols', 'AAPL,MSFT', '--interval', '1h', '--source', 'synthetic', '--start', '2026-01-01T00:00:00Z', '--end', '2026-06-01T00:00:00Z', '--features', 'returns,rsi_1d'];

beforeAll(async () => {
  expect(run('db', 'migrate').code).toBe(0);
  const db = createDb(cli.databaseUrl, { poolSize: 1 });
  await registerModel(db, {
    modelId: 'm-cli-1', name: 'cli-direction', version: '20260601T000000Z', modelType: 'logistic', predictionType: 'price_direction', interval: '1h',
    parameters: { features: ['returns'] },
    metrics: {
      interval: { comparison: 'log_loss', estimate: 0.0123, lower: 0.0042, upper: 0.0201, level: 0.95 },
      pooled: { rows: 900, model: { accuracy: 0.61, logLoss: 0.66 }, baseline: { accuracy: 0.52, logLoss: 0.69 } },
      folds: [{ index: 0, trainRows: 500, testRows: 300, test: ['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'], model: { accuracy: 0.6, logLoss: 0.67 }, baselineMetrics: { accuracy: 0.5, logLoss: 0.69 } }],
      promotion: 'promoted: lower end of the log_loss interval 0.0042 > 0',
    },
    filePath: artifactUri('a'.repeat(64)),
  });
  await db.destroy();
});
afterAll(async () => {
  await service?.stop();
  await cli.cleanUp();
});

describe('mlt train and mlt models', () => {
  it('refuses bad train input with the reason and enqueues nothing', () => {
    const unknown = run(...trainArgs, '--features', 'returns,nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown feature(s) "nope"');
    const kind = run(...trainArgs, '--kind', 'forest');
    expect(kind.stderr).toContain('is not a known model kind');
    const horizon = run(...trainArgs, '--horizon', '0');
    expect(horizon.stderr).toContain("option '--horizon <bars>' argument '0' is invalid. expected a whole number from 1 to 10000.");
    expect(run('queues').stdout).toMatch(/^train\s+pipeline\s+0\s+0\s+0/m);
  });

  it('enqueues and follows the job until it ends, reporting a failure with its reason', async () => {
    service = await spawnService(predictionMain, { ...env, HEALTH_PORT: '0', LOG_LEVEL: 'info' }, () => {}, 120_000);
    // No feature rows in this window: the job fails once, and mlt says why.
    const result = await cli.runAsync(...trainArgs);
    expect(result.stdout).toMatch(/job id:\s+train-cli-model-logistic-1h-/);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('train job failed: no feature rows for 2 symbol(s) of source synthetic');
  });

  it('lists models and shows one with its metrics beside the baseline', () => {
    const list = run('models');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/m-cli-1\s+cli-direction\s+candidate\s+logistic\s+price_direction\s+1h/);
    expect(list.stdout).toContain('0.0123 [0.0042, 0.0201]');
    const show = run('models', 'show', 'm-cli-1');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^accuracy\s+0\.61\s+0\.52$/m);
    expect(show.stdout).toMatch(/^logLoss\s+0\.66\s+0\.69$/m);
    expect(show.stdout).toContain('log_loss difference (model − baseline, positive = better): 0.0123, 95 % interval [0.0042, 0.0201]');
    const missing = run('models', 'show', 'm-nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no model m-nope');
  });

  it('models register --onnx: a width that disagrees with the feature list is refused; a matching one becomes a candidate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlt-onnx-'));
    const file = join(dir, 'two-features.onnx');
    const bytes = exportLogisticToOnnx({ kind: 'logistic', featureNames: ['a', 'b'], mean: [0, 50], scale: [0.01, 10], weights: [0.4, -0.2], intercept: 0.1 });
    writeFileSync(file, bytes);
    const args = ['models', 'register', '--onnx', file, '--type', 'price_direction', '--name', 'outside', '--interval', '1h'];
    const wide = run(...args, '--features', 'returns,rsi_1d,macd');
    expect(wide.code).toBe(1);
    expect(wide.stderr).toContain('takes 2 features but the feature list has 3');
    const unknown = run(...args, '--features', 'returns,nope');
    expect(unknown.stderr).toContain('unknown feature(s) nope');
    const corrupt = join(dir, 'corrupt.onnx');
    writeFileSync(corrupt, bytes.slice(0, 40));
    expect(run('models', 'register', '--onnx', corrupt, '--type', 'price_direction', '--name', 'outside', '--features', 'returns,rsi_1d').stderr).toContain('refused');
    const db = createDb(cli.databaseUrl, { poolSize: 1 });
    try {
      expect((await listModels(db, { name: 'outside' })).length).toBe(0);
      const ok = run(...args, '--features', 'returns,rsi_1d');
      expect(ok.stderr).toBe('');
      const id = /model (m-onnx-[0-9a-f]{32}): candidate/.exec(ok.stdout)?.[1];
      expect(id, ok.stdout).toBeDefined();
      const model = (await getModel(db, id!))!;
      expect(model).toMatchObject({ model_type: 'onnx', status: 'candidate', prediction_type: 'price_direction', interval: '1h' });
      expect(model.parameters).toMatchObject({ features: ['returns', 'rsi_1d'] });
      // The file's bytes, stored content-addressed (loading re-verifies the checksum).
      expect(model.file_path).toBe(artifactUri(sha256Of(bytes)));
      expect((await loadArtifact(db, model.file_path!)).bytes.byteLength).toBe(bytes.byteLength);
    } finally {
      await db.destroy();
    }
  });
});
