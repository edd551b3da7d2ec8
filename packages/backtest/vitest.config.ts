import { defineConfig } from 'vitest/config';

// Pure computation; the many-seed and truncation tests replay thousands of bars several times. The
// timeout is a generous deadline for a loaded 2-core machine, not a measure of speed.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
