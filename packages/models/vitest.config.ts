import { defineConfig } from 'vitest/config';

// Generous timeout: the bootstrap tests run many seeds, and this machine's two cores are shared.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
