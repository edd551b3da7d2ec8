import { defineConfig } from 'vitest/config';

// Generous deadlines: the suite runs on a busy 2-core machine, where vitest's 5 s default failed
// CPU-bound tests that pass in well under a second when the machine is quiet.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
