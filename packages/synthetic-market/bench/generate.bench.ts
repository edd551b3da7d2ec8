// Run: node --import tsx bench/generate.bench.ts
import { generateBars, syntheticUniverse } from '../src/index.ts';

const symbols = syntheticUniverse(1057);
const now = Date.UTC(2026, 2, 13, 20, 0);
const start = Date.UTC(2025, 2, 1);
for (let run = 0; run < 3; run += 1) {
  const t0 = performance.now();
  let bars = 0;
  for (const symbol of symbols) {
    bars += generateBars(symbol, '1h', { start, end: now + 1, now }).length;
  }
  const ms = performance.now() - t0;
  console.log(`run ${run}: ${symbols.length} symbols, ${bars} bars (${bars / symbols.length} per symbol) in ${ms.toFixed(0)} ms = ${((bars / ms) * 1000 / 1e6).toFixed(2)}M bars/s`);
}
