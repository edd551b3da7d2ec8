import { readFileSync } from 'node:fs';

export interface SeedColumn {
  table: string;
  column: string;
  /** The seed's type text, upper-cased, e.g. `DECIMAL(10,4)`, `TIMESTAMP WITH TIME ZONE`. */
  type: string;
}

const SEED_PATH = new URL('../fixtures/ML_TRADING_SCHEMA.md', import.meta.url);
const CONSTRAINT_LINE = /^(CONSTRAINT|UNIQUE|FOREIGN|PRIMARY|CHECK)\b/i;

export function readSeed(): string {
  return readFileSync(SEED_PATH, 'utf8');
}

/** Columns of every `CREATE TABLE` block in the seed (comments and table constraints skipped). */
export function seedColumns(seed = readSeed()): SeedColumn[] {
  const columns: SeedColumn[] = [];
  for (const match of seed.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
    const [, table, body] = match;
    for (const raw of body!.split('\n')) {
      const line = raw.replace(/--.*$/, '').trim().replace(/,$/, '');
      if (!line || CONSTRAINT_LINE.test(line)) continue;
      const [, column, rest] = /^(\w+)\s+(.*)$/.exec(line)!;
      const type = /^(TIMESTAMP WITH TIME ZONE|DOUBLE PRECISION|\w+(\(\d+(,\d+)?\))?)/i.exec(rest!)![0]!.toUpperCase();
      columns.push({ table: table!, column: column!, type });
    }
  }
  return columns;
}

/** The seed's ```sql blocks, e.g. to run the monitoring queries verbatim. */
export function seedSqlBlocks(seed = readSeed()): string[] {
  return [...seed.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Statements of a sql block that start with `SELECT` (after their `--` comment lines). */
export function seedSelects(block: string): string[] {
  return block
    .split(';')
    .map((s) => s.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim())
    .filter((s) => /^SELECT\b/i.test(s));
}
