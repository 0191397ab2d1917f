import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBundle } from "../../src/bundle-loader.js";

function writeChunks(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-bundle-"));
  writeFileSync(path.join(dir, "entry.cjs"), `const shared = require("./shared-abc.cjs");\nexports.answer = shared.twice(21);\nexports.dir = __dirname;\nexports.lazy = () => Promise.resolve().then(() => typeof require("node:path").join);\n`);
  writeFileSync(path.join(dir, "shared-abc.cjs"), `exports.twice = (n) => n * 2;\n`);
  return dir;
}

afterEach(() => {
  delete process.env.AGENT_APP_SERVER_WRITE_CODE_CACHE;
});

describe("bundle loader", () => {
  it("runs CommonJS chunks that require each other and writes V8 code caches on request", async () => {
    const dir = writeChunks();
    process.env.AGENT_APP_SERVER_WRITE_CODE_CACHE = "1";
    const exports = loadBundle(path.join(dir, "entry.cjs")) as { answer: number; dir: string; lazy: () => Promise<string> };
    expect(exports.answer).toBe(42);
    expect(exports.dir).toBe(dir);
    expect(await exports.lazy()).toBe("function");
    expect(readFileSync(path.join(dir, "entry.cjs.cache")).length).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, "shared-abc.cjs.cache"))).toBe(true);
  });

  it("runs from a cache written by another process", async () => {
    const dir = writeChunks();
    const loader = new URL("../../dist/src/bundle-loader.js", import.meta.url).href;
    const script = `const { loadBundle } = await import(${JSON.stringify(loader)}); const e = loadBundle(${JSON.stringify(path.join(dir, "entry.cjs"))}); console.log(e.answer, await e.lazy());`;
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, AGENT_APP_SERVER_WRITE_CODE_CACHE: "1" } });
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(out.trim()).toBe("42 function");
  });

  it("still loads when the stored cache is unusable", () => {
    const dir = writeChunks();
    writeFileSync(path.join(dir, "entry.cjs.cache"), "not a V8 code cache");
    const exports = loadBundle(path.join(dir, "entry.cjs")) as { answer: number };
    expect(exports.answer).toBe(42);
  });
});
