import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker on a 2-core machine (cores - 1). Most test files wait on
    // the processes they drive (the CLI, Chromium, LibreOffice, npm), so two workers keep both
    // cores busy: measured on a fresh clone, see the closing note of issue 17.
    maxWorkers: 2,
  },
});
