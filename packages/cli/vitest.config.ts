import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Each test runs `mlt` several times as a child process (a tsx start each): minutes on a busy machine.
  test: { testTimeout: 180_000, hookTimeout: 180_000 },
});
