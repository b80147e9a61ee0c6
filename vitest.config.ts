import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node. End-to-end tests (test/e2e) are driven by
// scripts/e2e.mjs against the built web app, not by vitest.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'threads',
  },
});
