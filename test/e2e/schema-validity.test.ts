import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, serverBin } from "../helpers/paths.js";

const run = promisify(execFile);
const tscBin = createRequire(import.meta.url).resolve("typescript/bin/tsc");

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "schema-validity-"));
  for (const [dir, flag] of [["experimental", ["--experimental"]], ["stable", []]] as const) {
    await run(process.execPath, [serverBin, "generate-json-schema", "--out", path.join(tmp, dir, "json"), ...flag]);
    await run(process.execPath, [serverBin, "generate-ts", "--out", path.join(tmp, dir, "typescript"), ...flag]);
  }
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function readJson(file: string): Promise<object> {
  return JSON.parse(await readFile(file, "utf8")) as object;
}

describe("generated JSON Schema", () => {
  it("every file compiles as draft-07 with ajv", async () => {
    for (const surface of ["experimental", "stable"]) {
      const dir = path.join(tmp, surface, "json");
      const files = await readdir(dir);
      expect(files).toContain("codex_app_server_protocol.schemas.json");
      for (const file of files) {
        const schema = await readJson(path.join(dir, file));
        expect((schema as { $schema?: string }).$schema).toBe("http://json-schema.org/draft-07/schema#");
        expect(() => new Ajv({ strict: false }).compile(schema), `${surface}/${file}`).not.toThrow();
      }
    }
  });

  it("ClientRequest.json accepts a real initialize request and rejects a broken one", async () => {
    const validate = new Ajv({ strict: false }).compile(await readJson(path.join(tmp, "experimental", "json", "ClientRequest.json")));
    const good = {
      id: 0,
      method: "initialize",
      params: {
        clientInfo: { name: "codex_vscode", title: null, version: "0.1.0" },
        capabilities: { experimentalApi: true, optOutNotificationMethods: ["thread/started"] },
      },
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...good, id: "req-1", params: { clientInfo: { name: "x", version: "1" } } })).toBe(true);
    expect(validate({ ...good, params: { clientInfo: { name: "codex_vscode" } } })).toBe(false);
    expect(validate({ ...good, params: { ...good.params, capabilities: { experimentalApi: "yes" } } })).toBe(false);
    expect(validate({ id: 0, method: "initialize" })).toBe(false);
    expect(validate({ id: 0, method: "no/such/method", params: {} })).toBe(false);
  });

  it("JSONRPCMessage.json accepts the four envelope shapes", async () => {
    const validate = new Ajv({ strict: false }).compile(await readJson(path.join(tmp, "experimental", "json", "JSONRPCMessage.json")));
    expect(validate({ id: 1, method: "initialize", params: {} })).toBe(true);
    expect(validate({ method: "initialized" })).toBe(true);
    expect(validate({ id: "a", result: {} })).toBe(true);
    expect(validate({ id: 2, error: { code: -32600, message: "Not initialized" } })).toBe(true);
    expect(validate({ id: 2, error: { code: "x", message: 1 } })).toBe(false);
  });
});

describe("generated TypeScript", () => {
  it("type-checks with tsc --strict", async () => {
    const tsconfig = path.join(tmp, "tsconfig.json");
    await writeFile(
      tsconfig,
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", types: [] },
        include: [path.join(tmp, "experimental", "typescript", "*.ts"), path.join(tmp, "stable", "typescript", "*.ts")],
      }),
    );
    const result = await run(process.execPath, [tscBin, "--noEmit", "--strict", "--skipLibCheck", "-p", tsconfig], { cwd: repoRoot }).then(
      () => ({ code: 0, output: "" }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? "" }),
    );
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});
