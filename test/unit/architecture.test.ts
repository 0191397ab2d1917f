/**
 * The layering of src/ as scripts/check-architecture.mjs checks it: every
 * import points down the layers (server → api → core → model → backend → auth →
 * config/store → protocol/logging/util) and the import graph, type-only imports
 * included, has no cycle. Runs only with ARCH_CHECK=1 until the existing
 * violations are fixed; then the guard goes.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../scripts/check-architecture.mjs";
import { repoRoot } from "../helpers/paths.js";

const rel = (file: string) => path.relative(repoRoot, file);

describe.skipIf(process.env.ARCH_CHECK !== "1")("the layering of src/ (scripts/check-architecture.mjs)", () => {
  it("has no import that goes against the layers", () => {
    const { violations } = analyse();
    expect(violations.map((v: { file: string; target: string; reason: string }) => `${rel(v.file)} -> ${rel(v.target)} (${v.reason})`)).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    const { cycles } = analyse();
    expect(cycles.map((cycle: string[]) => cycle.map(rel).sort().join(", "))).toEqual([]);
  });
});
