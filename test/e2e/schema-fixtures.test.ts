import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, serverBin } from "../helpers/paths.js";

const run = promisify(execFile);

/** Runs the built CLI's generators into `dir/json` and `dir/typescript`. */
async function generateInto(dir: string, experimental: boolean): Promise<void> {
  const flag = experimental ? ["--experimental"] : [];
  await run(process.execPath, [serverBin, "generate-json-schema", "--out", path.join(dir, "json"), ...flag]);
  await run(process.execPath, [serverBin, "generate-ts", "--out", path.join(dir, "typescript"), ...flag]);
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(path.join(dir, name), "utf8"));
  return files;
}

/** Differences between two generated directories, as readable lines. */
function differences(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const name of expected.keys()) {
    if (!actual.has(name)) lines.push(`missing: ${name}`);
    else if (actual.get(name) !== expected.get(name)) lines.push(`differs: ${name}`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) lines.push(`extra: ${name}`);
  return lines;
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "schema-fixtures-"));
  await Promise.all([
    generateInto(path.join(tmp, "a"), true),
    generateInto(path.join(tmp, "b"), true),
    generateInto(path.join(tmp, "stable"), false),
    generateInto(path.join(tmp, "c"), true),
  ]);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("generated wire fixtures", () => {
  for (const kind of ["json", "typescript"] as const) {
    it(`committed schema/${kind} matches a fresh --experimental generation (run npm run generate:schema)`, async () => {
      const committed = await readTree(path.join(repoRoot, "schema", kind));
      const fresh = await readTree(path.join(tmp, "a", kind));
      expect(differences(fresh, committed)).toEqual([]);
    });

    it(`${kind} generation is deterministic`, async () => {
      const first = await readTree(path.join(tmp, "a", kind));
      const second = await readTree(path.join(tmp, "b", kind));
      expect(first.size).toBeGreaterThan(0);
      expect(differences(first, second)).toEqual([]);
    });
  }

  it("regenerating over an existing directory removes stale files", async () => {
    const dir = path.join(tmp, "c");
    await run(process.execPath, [serverBin, "generate-json-schema", "--out", path.join(dir, "json")]);
    await run(process.execPath, [serverBin, "generate-ts", "--out", path.join(dir, "typescript")]);
    expect(differences(await readTree(path.join(tmp, "stable", "json")), await readTree(path.join(dir, "json")))).toEqual([]);
    expect(differences(await readTree(path.join(tmp, "stable", "typescript")), await readTree(path.join(dir, "typescript")))).toEqual([]);
  });

  it("the stable surface leaves out experimental methods and types", async () => {
    const stable = path.join(tmp, "stable");
    const request = JSON.parse(await readFile(path.join(stable, "json", "ClientRequest.json"), "utf8")) as {
      oneOf: Array<{ properties: { method: { enum: string[] } } }>;
    };
    const methods = request.oneOf.map((m) => m.properties.method.enum[0]);
    expect(methods).toContain("initialize");
    expect(methods).not.toContain("mock/experimentalMethod");

    const bundle = JSON.parse(await readFile(path.join(stable, "json", "codex_app_server_protocol.schemas.json"), "utf8")) as {
      definitions: Record<string, unknown>;
    };
    expect(Object.keys(bundle.definitions)).toContain("InitializeParams");
    expect(Object.keys(bundle.definitions)).not.toContain("MockExperimentalMethodParams");

    const ts = await readFile(path.join(stable, "typescript", "ClientRequest.ts"), "utf8");
    expect(ts).toContain('"method": "initialize"');
    expect(ts).not.toContain("mock/experimentalMethod");
    const tsFiles = await readdir(path.join(stable, "typescript"));
    expect(tsFiles).not.toContain("MockExperimentalMethodParams.ts");

    const full = JSON.parse(await readFile(path.join(tmp, "b", "json", "ClientRequest.json"), "utf8")) as typeof request;
    expect(full.oneOf.map((m) => m.properties.method.enum[0])).toContain("mock/experimentalMethod");
  });
});
