import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Store suites create their own schemas, so files may run in parallel; 2 cores here.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "server",
          include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
          // Probes PostgreSQL once and creates btree_gist before any store suite runs.
          globalSetup: ["test/global-setup.ts"],
        },
      },
      {
        // The web app's own logic and components, in a simulated browser (jsdom).
        extends: true,
        plugins: [react()],
        test: {
          name: "web",
          include: ["web/src/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          setupFiles: ["web/src/test-setup.ts"],
        },
      },
    ],
  },
});
