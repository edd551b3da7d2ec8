import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withFeatureTable } from '../scripts/feature-table.ts';

describe('README.md', () => {
  it('carries the feature table generated from the declarations (run `pnpm --filter @mltrading/features run docs`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withFeatureTable(readme));
  });
});
