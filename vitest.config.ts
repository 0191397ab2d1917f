import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Checks every spawned server's output against the reference schema after each test.
    setupFiles: ["test/helpers/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests spawn real server processes; keep the 2-core machine from oversubscribing.
    maxWorkers: 2,
  },
});
