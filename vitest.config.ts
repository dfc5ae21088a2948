import { defineConfig } from 'vitest/config';

const UNIT_TESTS = ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'];

/** The browser a bundle is built for (vite.config.ts defines it per build); e2e and hub tests load the Chromium build's code. */
const targetOf = (target: 'chrome' | 'firefox') => ({ __RAUT_TARGET__: JSON.stringify(target) });

export default defineConfig({
  define: targetOf('chrome'),
  test: {
    projects: [
      // The same unit tests for both build targets.
      {
        define: targetOf('chrome'),
        test: { name: 'unit', include: UNIT_TESTS, environment: 'node', testTimeout: 60_000 },
      },
      {
        define: targetOf('firefox'),
        test: { name: 'unit-firefox', include: UNIT_TESTS, environment: 'node', testTimeout: 60_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 240_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
      {
        test: {
          name: 'hub',
          include: ['tests/hub/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
