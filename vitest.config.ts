import { readdirSync } from "node:fs";
import { defineConfig } from "vitest/config";

// A test file directly under test/ would belong to no project and silently never run.
const unplaced = readdirSync(new URL("./test/", import.meta.url)).filter((name) => name.endsWith(".test.ts"));
if (unplaced.length > 0) throw new Error(`move ${unplaced.join(", ")} into test/unit/ (in process) or test/e2e/ (runs dist/)`);

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests spawn real server processes; keep the 2-core machine from oversubscribing.
    maxWorkers: 2,
    projects: [
      {
        // In-process tests of src/ modules (some run real shell commands) and of whole servers over an
        // in-process transport (test/helpers/in-process-server.ts checks their output): no built daemon.
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // A TMPDIR removed after the run; the reference schema (codex 0.169.0 devDependency) the in-process checks need.
          globalSetup: ["test/helpers/temp-root-setup.ts", "test/helpers/reference-schema-setup.ts"],
        },
      },
      {
        // Tests that run the built daemon (dist/) as a real process.
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          // A TMPDIR removed after the run; the reference schema (codex 0.169.0 devDependency) the checks below need.
          globalSetup: ["test/helpers/temp-root-setup.ts", "test/helpers/reference-schema-setup.ts"],
          // Checks every spawned server's output against the reference schema after each test.
          setupFiles: ["test/helpers/setup.ts"],
        },
      },
    ],
  },
});
