import { defineConfig } from 'vitest/config';

// Each test file has its own database and queue prefix; the scaling test spawns service processes,
// so files run one at a time to keep the two cores for what each file measures.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
