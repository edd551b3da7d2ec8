import { defineConfig } from 'vitest/config';

// Pure computation only: no database or Redis fixtures are needed, so the defaults are kept and
// only the test location is pinned.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
