import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium (playwright-core) against the built web app on 127.0.0.1.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
