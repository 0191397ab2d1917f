import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InProcessServer } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const USER_CONFIG = `# my settings
model = "gpt-5.4" # pinned

[features]
# on purpose
unified_exec = false
`;

async function start(configToml: string | null = USER_CONFIG, configOverrides: string[] = []) {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-config-write-"));
  const file = path.join(codexHome, "config.toml");
  if (configToml !== null) writeFileSync(file, configToml);
  server = new InProcessServer({ codexHome, configOverrides });
  await server.initialize();
  return { server, file, read: () => readFileSync(file, "utf8") };
}

async function userVersion(s: InProcessServer): Promise<string> {
  const { layers } = await s.call("config/read", { includeLayers: true });
  return layers.find((layer: { name: { type: string } }) => layer.name.type === "user").version;
}

describe("config/value/write and config/batchWrite", () => {
  it("writes one key, keeps the rest of the file byte-for-byte, and config/read shows it at once", async () => {
    const { server, file, read } = await start();
    const before = await userVersion(server);
    const result = await server.call("config/value/write", {
      keyPath: "model",
      value: "gpt-5.5",
      mergeStrategy: "replace",
      expectedVersion: before,
    });
    expect(result).toEqual({ status: "ok", version: expect.stringMatching(/^sha256:/), filePath: file, overriddenMetadata: null });
    expect(read()).toBe(USER_CONFIG.replace('"gpt-5.4"', '"gpt-5.5"'));
    const { config } = await server.call("config/read", {});
    expect(config.model).toBe("gpt-5.5");
    expect(await userVersion(server)).toBe(result.version);
  });

  it("applies a batch atomically with upsert, and new threads use the new values", async () => {
    const { server, read } = await start();
    const result = await server.call("config/batchWrite", {
      edits: [
        { keyPath: "features", value: { apps: true }, mergeStrategy: "upsert" },
        { keyPath: "approval_policy", value: "never", mergeStrategy: "replace" },
        { keyPath: "model", value: null, mergeStrategy: "replace" },
      ],
      reloadUserConfig: true,
    });
    expect(result.status).toBe("ok");
    expect(read()).toBe('# my settings\napproval_policy = "never"\n\n[features]\n# on purpose\nunified_exec = false\napps = true\n');
    const { config } = await server.call("config/read", {});
    expect(config.features).toMatchObject({ unified_exec: false, apps: true });
    const started = await server.call("thread/start", { cwd: os.tmpdir() });
    expect(started.approvalPolicy).toBe("never");
  });

  it("refuses a stale expectedVersion with the reference's conflict error and keeps the external edit", async () => {
    const { server, read } = await start();
    const version = await userVersion(server);
    const external = `${USER_CONFIG}# edited elsewhere\nmodel_provider = "openai"\n`;
    writeFileSync(path.join(server.codexHome, "config.toml"), external);
    const error = await server.callError("config/value/write", { keyPath: "model", value: "x", mergeStrategy: "replace", expectedVersion: version });
    expect(error).toEqual({
      code: -32600,
      message: "Configuration was modified since last read. Fetch latest version and retry.",
      data: { config_write_error_code: "configVersionConflict" },
    });
    expect(read()).toBe(external);
  });

  it("two clients writing from the same version: one wins, the other is told to re-read", async () => {
    const { server, read } = await start();
    const version = await userVersion(server);
    const [first, second] = await Promise.allSettled([
      server.call("config/value/write", { keyPath: "model", value: "a", mergeStrategy: "replace", expectedVersion: version }),
      server.callError("config/value/write", { keyPath: "model", value: "b", mergeStrategy: "replace", expectedVersion: version }),
    ]);
    expect(first.status === "fulfilled" && first.value.status).toBe("ok");
    expect(second.status === "fulfilled" && second.value.data).toEqual({ config_write_error_code: "configVersionConflict" });
    expect(read()).toContain('model = "a" # pinned');
  });

  it("names the key for unknown keys and wrong types, and leaves the file alone", async () => {
    const { server, read } = await start();
    const unknown = await server.callError("config/value/write", { keyPath: "no_such_setting", value: 1, mergeStrategy: "replace" });
    expect(unknown.code).toBe(-32600);
    expect(unknown.message).toContain("`no_such_setting`");
    expect(unknown.data).toEqual({ config_write_error_code: "configSchemaUnknownKey" });
    const wrongType = await server.callError("config/batchWrite", {
      edits: [
        { keyPath: "model", value: "fine", mergeStrategy: "replace" },
        { keyPath: "approval_policy", value: "sometimes", mergeStrategy: "replace" },
      ],
    });
    expect(wrongType.message).toMatch(/^Invalid configuration: approval_policy: unknown variant `sometimes`/);
    expect(wrongType.data).toEqual({ config_write_error_code: "configValidationError" });
    const bool = await server.callError("config/value/write", { keyPath: "hide_agent_reasoning", value: "yes", mergeStrategy: "replace" });
    expect(bool.message).toBe('Invalid configuration: hide_agent_reasoning: invalid type: string "yes", expected a boolean');
    expect(read()).toBe(USER_CONFIG);
  });

  it("refuses other files and a config.toml that is not valid TOML, naming the file", async () => {
    const { server, file, read } = await start("model = [\n");
    const other = await server.callError("config/value/write", { keyPath: "model", value: "x", mergeStrategy: "replace", filePath: "/etc/codex/config.toml" });
    expect(other).toEqual({ code: -32600, message: "Only writes to the user config are allowed", data: { config_write_error_code: "configLayerReadonly" } });
    const invalid = await server.callError("config/value/write", { keyPath: "model", value: "x", mergeStrategy: "replace" });
    // The reference's answer: an internal error naming the file and position; the file is not touched.
    expect(invalid.code).toBe(-32603);
    expect(invalid.message).toMatch(new RegExp(`^failed to load configuration: ${file}:\\d+:\\d+: `));
    const batch = await server.callError("config/batchWrite", { edits: [{ keyPath: "model", value: "x", mergeStrategy: "replace" }], reloadUserConfig: true });
    expect(batch).toEqual(invalid);
    const skill = await server.callError("skills/config/write", { name: "any", enabled: false });
    expect(skill.message).toBe(invalid.message);
    expect(read()).toBe("model = [\n");
  });

  it("reports okOverridden when a -c flag still decides the value", async () => {
    const { server } = await start(USER_CONFIG, ['model="gpt-flag"']);
    const result = await server.call("config/value/write", { keyPath: "model", value: "gpt-file", mergeStrategy: "replace" });
    expect(result.status).toBe("okOverridden");
    expect(result.overriddenMetadata).toEqual({
      message: "Overridden by session flags",
      overridingLayer: { name: { type: "sessionFlags" }, version: expect.stringMatching(/^sha256:/) },
      effectiveValue: "gpt-flag",
    });
  });

  it("creates config.toml when there is none", async () => {
    const { server, read } = await start(null);
    await server.call("config/value/write", { keyPath: "features.apps", value: true, mergeStrategy: "upsert" });
    expect(read()).toBe("[features]\napps = true\n");
  });
});
