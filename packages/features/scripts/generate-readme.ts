// `pnpm --filter @mltrading/features run docs`: rewrites the generated feature table in README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withFeatureTable } from './feature-table.ts';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = withFeatureTable(before);
if (after !== before) writeFileSync(readmePath, after);
console.log(after === before ? 'README.md feature table is up to date' : 'README.md feature table regenerated');
