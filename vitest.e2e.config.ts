import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium (playwright-core) against the built web app on 127.0.0.1.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    // Generous: a test's own waits (test/e2e/harness.ts, PATIENCE) decide, not the machine's speed.
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // expect.poll waits for a state the app guarantees; its default of 1 s made a test fail
    // whenever the machine was busy. A failing wait still fails, after this long (PATIENCE).
    expect: { poll: { timeout: 300_000 } },
  },
});
