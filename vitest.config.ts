import { defineConfig } from 'vitest/config';

/**
 * Test files whose calls run in real time through LiveKit with the AI agent (a worker, its job processes and the
 * offline engines): on two cores, sharing the CPU with the other files starves WebRTC's audio (concealed packets
 * turned "talk to sales" into "the top who you" once), so they run after the rest, one file at a time.
 */
const REAL_TIME = ['server/test/agent-*.test.ts'];

const shared = { environment: 'node', testTimeout: 20_000, hookTimeout: 20_000 } as const;

export default defineConfig({
  test: {
    reporters: ['default', './scripts/vitest-count-reporter.mjs'],
    projects: [
      {
        test: {
          ...shared,
          name: 'protocol and server',
          include: ['protocol/**/*.test.ts', 'server/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...REAL_TIME],
          // Two cores on CI: the local speech engines are CPU-bound child processes.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'agent calls',
          include: REAL_TIME,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
