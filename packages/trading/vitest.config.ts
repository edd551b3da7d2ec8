import { defineConfig } from 'vitest/config';

// The property and collision tests are pure computation (≈ 2-3 s on a busy 2-core machine); the
// timeout is a generous deadline for a loaded machine, not a measure of speed.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
