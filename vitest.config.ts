import { defineConfig } from 'vitest/config';

const shared = {
  globalSetup: ['test/support/global-setup.ts'],
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // In CI, a line as each file is queued and started: a file that never ends is named (file-progress-reporter.ts).
    reporters: ['default', ...(process.env.CI ? ['./test/support/file-progress-reporter.ts'] : [])],
    projects: [
      // Each file has its own database, so these files run side by side.
      { test: { ...shared, name: 'app', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], sequence: { groupOrder: 0 } } },
      // The browser runs after them, so a page load is not timed against a machine busy with other files.
      { test: { ...shared, name: 'browser', include: ['test/browser/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
