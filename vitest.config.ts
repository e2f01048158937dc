import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    // Store suites create their own schemas, so files may run in parallel; 2 cores here.
    maxWorkers: 2,
    // Probes PostgreSQL once and creates btree_gist before any store suite runs.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
