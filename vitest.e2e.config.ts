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
    // expect.poll waits for a state the app guarantees; its default of 1 s made a test fail
    // whenever the machine was busy. A failing wait still fails, after this long.
    expect: { poll: { timeout: 30_000 } },
  },
});
