import { defineConfig } from 'vitest/config';

// The retry tests run a local HTTP server; generous for a loaded 2-core machine.
export default defineConfig({ test: { testTimeout: 60_000 } });
