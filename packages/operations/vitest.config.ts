import { defineConfig } from 'vitest/config';

// Every test file creates its own database and Redis prefix, so files may run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
