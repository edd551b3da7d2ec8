import { expect } from 'vitest';

/** |a − b| ≤ rel·max(|a|, |b|): the 1e-9 relative accuracy FEATURES.md asks for. */
export function relativelyClose(a: number, b: number, rel = 1e-9): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

type Cell = number | string | null | undefined;

/** Describes the first cells where two columns disagree (NULL vs value, or beyond `rel`). */
export function columnMismatches(name: string, actual: ArrayLike<Cell>, expected: ArrayLike<Cell>, rel = 1e-9, limit = 5): string[] {
  const problems: string[] = [];
  if (actual.length !== expected.length) return [`${name}: length ${actual.length} vs ${expected.length}`];
  for (let i = 0; i < actual.length && problems.length < limit; i++) {
    const a = normalise(actual[i]);
    const b = normalise(expected[i]);
    if (a === null || b === null || typeof a === 'string' || typeof b === 'string') {
      if (a !== b) problems.push(`${name}[${i}]: ${a} vs ${b}`);
    } else if (!relativelyClose(a, b, rel)) {
      problems.push(`${name}[${i}]: ${a} vs ${b} (rel ${(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))).toExponential(2)})`);
    }
  }
  return problems;
}

function normalise(v: Cell): number | string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

export function expectColumnsClose(name: string, actual: ArrayLike<Cell>, expected: ArrayLike<Cell>, rel = 1e-9): void {
  expect(columnMismatches(name, actual, expected, rel)).toEqual([]);
}
