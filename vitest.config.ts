import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // whole deploys (Alertmanager's group_wait, Prometheus's scrape interval, checks that retry) take 20–45 s
    // here; a slower CI machine with the other worker busy must not turn them into timeouts
    testTimeout: 180_000,
    // Ink renders only the last frame when CI is set; the UI tests read frames as a terminal shows them, and CI
    // runs the suite with CI=true.
    env: { CI: 'false' },
    setupFiles: ['test/setup/port-slice.ts'],
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here: the e2e and sshd suites are heavy, keep the parallelism modest.
    maxWorkers: 2,
  },
});
