/**
 * The layering of src/ as scripts/check-architecture.mjs checks it: every
 * import points down the layers (server → api → core → model → backend → auth →
 * config/store → protocol/logging/util) and the import graph, type-only imports
 * included, has no cycle; and no module keeps per-server or per-thread
 * state in a side table (WeakMap/WeakSet keyed by the server or a thread).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../scripts/check-architecture.mjs";
import { repoRoot } from "../helpers/paths.js";

const rel = (file: string) => path.relative(repoRoot, file);

describe("the layering of src/ (scripts/check-architecture.mjs)", () => {
  it("has no import that goes against the layers", () => {
    const { violations } = analyse();
    expect(violations.map((v: { file: string; target: string; reason: string }) => `${rel(v.file)} -> ${rel(v.target)} (${v.reason})`)).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    const { cycles } = analyse();
    expect(cycles.map((cycle: string[]) => cycle.map(rel).sort().join(", "))).toEqual([]);
  });
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : [],
  );
}

describe("state ownership", () => {
  it("keeps no side tables: WeakMap/WeakSet only for static schema metadata", () => {
    const found = sources(path.join(repoRoot, "src")).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, index) => ({ line, where: `${rel(file)}:${index + 1}` }))
        .filter(({ line }) => /\bWeak(Map|Set)\b/.test(line) && !line.trim().startsWith("*") && !line.trim().startsWith("//"))
        .map(({ where }) => where),
    );
    expect(found.filter((where) => !where.startsWith("src/protocol/schema-meta.ts"))).toEqual([]);
  });
});
