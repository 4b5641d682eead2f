import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    // Ink renders only the last frame when CI is set; the UI tests read frames as a terminal shows them, and CI
    // runs the suite with CI=true.
    env: { CI: 'false' },
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here: the e2e and sshd suites are heavy, keep the parallelism modest.
    maxWorkers: 2,
  },
});
