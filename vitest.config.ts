import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['protocol/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores on CI: the local speech engines are CPU-bound child processes.
    maxWorkers: 2,
    reporters: ['default', './scripts/vitest-count-reporter.mjs'],
  },
});
