import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

// What the CLI does with arguments it cannot use: one line naming the option, exit 1, nothing sent.
// The parsers' cases are in options.test.ts; here each kind once through the real command.
const cli = cliHarness('arguments');
const { run } = cli;

beforeAll(() => {
  expect(run('db', 'migrate').code).toBe(0);
});
afterAll(() => cli.cleanUp());

describe('mlt argument checks', () => {
  it('--version prints the version', () => {
    const { code, stdout } = run('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    [['backfill', '--symbols', 'AAA', '--start', '2026-01-02T00:00:00Z', '--batch', 'abc'], "option '--batch <n>' argument 'abc' is invalid. expected a whole number from 1 to 1000."],
    [['orders', '--limit', '-5'], "option '--limit <n>' argument '-5' is invalid. expected a whole number from 1 to 10000."],
    [['ingest', '--symbols', 'AAA', '--start', '2999-01-02T00:00:00Z'], '2999-01-02T00:00:00Z is in the future: a range must start at or before now.'],
    [['train', '--name', 'm', '--symbols', 'AAA', '--start', '2026-01-01', '--end', '2026-02-01', '--promote-above', 'high'], "option '--promote-above <x>' argument 'high' is invalid. expected a number."],
  ])('refuses %j', (args, message) => {
    const { code, stderr, stdout } = run(...args);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).not.toContain('job id');
  });

  it('accepts a plain date as UTC midnight', () => {
    // Refused later for the empty universe, which shows the date itself passed.
    const { stderr } = run('backfill', '--universe', '/dev/null', '--start', '2026-01-02');
    expect(stderr).toContain('give --symbols');
  });

  it('db rollback --all without a terminal asks for --yes and rolls back nothing', () => {
    const { code, stderr } = run('db', 'rollback', '--all');
    expect(code).toBe(1);
    expect(stderr).toContain('pass --yes to confirm');
    expect(run('db', 'migrate').stdout.trim()).toBe('database is up to date');
  });

  it('names the sources the database holds when the chosen one has no bars', () => {
    expect(run('ingest', '--symbols', 'SRCA', '--source', 'synthetic', '--start', '2026-03-02T00:00:00Z', '--end', '2026-03-03T00:00:00Z').code).toBe(0);
    // Nothing ingests the job here, so the database still holds no bars at all.
    const empty = run('features', 'backfill');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('the database holds no bars yet (source yahoo)');
    const training = run('train', '--name', 'm', '--symbols', 'SRCA', '--start', '2026-01-01', '--end', '2026-02-01', '--no-wait');
    expect(training.code).toBe(1);
    expect(training.stderr).toContain('the database holds no bars yet (source yahoo)');
  });
});
