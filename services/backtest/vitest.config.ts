import { defineConfig } from 'vitest/config';

// The test starts the service as a child process; generous limits for a busy 2-core machine.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
});
