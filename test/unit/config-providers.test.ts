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

const PROVIDERS = '# providers\n[model_providers.mock]\nname = "Mock"\nbase_url = "http://127.0.0.1:1/v1"\nenv_key = "MOCK_KEY"\n';

async function start(configToml: string) {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-providers-"));
  writeFileSync(path.join(codexHome, "config.toml"), configToml);
  server = new InProcessServer({ codexHome });
  await server.initialize();
  return { s: server, read: () => readFileSync(path.join(codexHome, "config.toml"), "utf8") };
}

describe("model providers and permission profiles", () => {
  it("lists built-in and configured providers, sorted, hiding URLs with credentials", async () => {
    const { s } = await start(`${PROVIDERS}\n[model_providers.other]\nname = "other"\nbase_url = "http://user:pw@example.com/v1"\n`);
    expect(await s.call("modelProvider/list", {})).toEqual({
      data: [
        { id: "mock", name: "Mock", canEdit: true, baseUrl: "http://127.0.0.1:1/v1", settings: { type: "customGateway", auth: { mode: "environmentVariable", envKey: "MOCK_KEY" } } },
        { id: "openai", name: "OpenAI", canEdit: false, baseUrl: null, settings: { type: "openai" } },
        { id: "other", name: "other", canEdit: true, baseUrl: null, settings: { type: "customGateway", auth: { mode: "externallyConfigured", envKey: null } } },
      ],
      defaultProviderId: "openai",
      canChangeDefault: true,
    });
    expect(await s.call("modelProvider/capabilities/read", {})).toEqual({ imageGeneration: true, webSearch: true });
  });

  it("creates and edits custom gateways in config.toml, keeping the rest of the file", async () => {
    const { s, read } = await start(PROVIDERS);
    const created = await s.call("modelProvider/config/write", {
      settings: { type: "customGateway", name: "Gw", baseUrl: "http://127.0.0.1:5/v1", envKey: "GW_KEY" },
    });
    expect(created.provider).toEqual({
      id: "gw",
      name: "Gw",
      canEdit: true,
      baseUrl: "http://127.0.0.1:5/v1",
      settings: { type: "customGateway", auth: { mode: "environmentVariable", envKey: "GW_KEY" } },
    });
    const edited = await s.call("modelProvider/config/write", {
      settings: { type: "customGateway", providerId: "mock", baseUrl: "http://127.0.0.1:6/v1", envKey: null },
    });
    expect(edited.provider.settings).toEqual({ type: "customGateway", auth: { mode: "none" } });
    expect(read()).toBe(
      '# providers\n[model_providers.mock]\nname = "Mock"\nbase_url = "http://127.0.0.1:6/v1"\n\n[model_providers.gw]\nbase_url = "http://127.0.0.1:5/v1"\nenv_key = "GW_KEY"\nname = "Gw"\nwire_api = "responses"\n',
    );
  });

  it("refuses built-in ids, unknown ids and a new provider without a base URL", async () => {
    const { s, read } = await start(PROVIDERS);
    expect(await s.callError("modelProvider/config/write", { settings: { type: "customGateway", providerId: "openai", name: "x" } })).toEqual({
      code: -32600,
      message: "A custom provider or gateway cannot use a built-in provider ID.",
      data: { config_write_error_code: "configValidationError" },
    });
    expect(await s.callError("modelProvider/config/write", { settings: { type: "customGateway", providerId: "nope", name: "x" } })).toEqual({
      code: -32600,
      message: "Unknown provider ID.",
      data: { config_write_error_code: "configPathNotFound" },
    });
    expect((await s.callError("modelProvider/config/write", { settings: { type: "customGateway", name: "Gw" } })).message).toBe(
      "A base URL is required to create a custom provider.",
    );
    expect(read()).toBe(PROVIDERS);
  });

  it("lists the built-in permission profiles with pages", async () => {
    const { s } = await start("");
    expect(await s.call("permissionProfile/list", { limit: 1 })).toEqual({
      data: [{ id: ":read-only", description: null, allowed: true }],
      nextCursor: "1",
    });
    const all = await s.call("permissionProfile/list", {});
    expect(all.data.map((p: { id: string }) => p.id)).toEqual([":read-only", ":workspace", ":danger-full-access"]);
    expect(all.nextCursor).toBeNull();
  });
});
