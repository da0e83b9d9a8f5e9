import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'instruments/**/*.test.ts', 'harness/**/*.test.ts', 'suites/**/*.test.ts', 'reports/**/*.test.ts', 'profiles/**/*.test.ts', 'reference/**/*.test.ts', 'fixtures/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
