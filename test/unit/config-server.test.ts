import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function homeWith(configToml?: string): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-config-"));
  if (configToml !== undefined) writeFileSync(path.join(home, "config.toml"), configToml);
  return home;
}

const isWarning = (m: WireMessage) => m.method === "configWarning";

describe("config.toml and -c overrides", () => {
  it("reads config.toml and lets -c overrides win, including dotted keys and non-TOML values", async () => {
    const codexHome = homeWith(
      [
        'model = "gpt-6-sol"',
        'approval_policy = "untrusted"',
        'sandbox_mode = "read-only"',
        'chatgpt_base_url = "http://127.0.0.1:9/backend-api"',
        "",
        "[model_providers.mock]",
        'name = "Mock"',
        'base_url = "http://127.0.0.1:1/v1"',
        "request_max_retries = 0",
        "",
      ].join("\n"),
    );
    server = new InProcessServer({
      codexHome,
      configOverrides: [
        'model="gpt-6-luna"',
        "model_providers.mock.base_url=http://127.0.0.1:2/v1",
        "model_providers.mock.stream_max_retries=3",
        "sandbox_mode=workspace-write",
        "model_provider=mock",
      ],
    });
    await server.initialize();
    const { config, origins } = await server.call("config/read", {});
    // TOML string override.
    expect(config.model).toBe("gpt-6-luna");
    // Values that are not valid TOML are taken as strings.
    expect(config.sandbox_mode).toBe("workspace-write");
    expect(config.model_provider).toBe("mock");
    // Untouched file values.
    expect(config.approval_policy).toBe("untrusted");
    expect(config.chatgpt_base_url).toBe("http://127.0.0.1:9/backend-api");
    // Dotted overrides merge into the file's table instead of replacing it.
    expect(config.model_providers.mock).toMatchObject({
      name: "Mock",
      base_url: "http://127.0.0.1:2/v1",
      request_max_retries: 0,
      stream_max_retries: 3,
      wire_api: "responses",
      requires_openai_auth: false,
    });
    expect(origins.model.name).toEqual({ type: "sessionFlags" });
    expect(origins["model_providers.mock.base_url"].name).toEqual({ type: "sessionFlags" });
    expect(origins["model_providers.mock.name"].name).toEqual({
      type: "user",
      file: path.join(codexHome, "config.toml"),
      profile: null,
    });
    expect(origins.approval_policy.name.type).toBe("user");
    expect(server.notifications("configWarning")).toEqual([]);
  });

  it("answers config/read with every always-present key, origins per dotted key and layers on request", async () => {
    const toml = ['model = "gpt-6-sol"', "unknown_key = 7", "", "[analytics]", "enabled = false", "", "[my_table]", 'list = ["a", "b"]', ""].join("\n");
    const codexHome = homeWith(toml);
    server = new InProcessServer({ codexHome, configOverrides: ["model_reasoning_effort=high"] });
    await server.initialize();
    const file = path.join(codexHome, "config.toml");

    const withoutLayers = await server.call("config/read", { cwd: "." });
    expect(Object.keys(withoutLayers).sort()).toEqual(["config", "origins"]);
    const { config } = withoutLayers;
    // Keys the reference always sends, with its defaults.
    for (const key of ["review_model", "sandbox_workspace_write", "developer_instructions", "model_verbosity", "tools", "apps"]) {
      expect(config).toHaveProperty(key, null);
    }
    expect(config.model).toBe("gpt-6-sol");
    expect(config.model_reasoning_effort).toBe("high");
    expect(config.approval_policy).toBeNull();
    expect(config.analytics).toEqual({ enabled: false });
    expect(config.project_doc_max_bytes).toBe(32768);
    expect(config.history).toEqual({ persistence: "save-all", max_bytes: null });
    expect(config.model_providers).toEqual({});
    // Unknown keys are kept.
    expect(config.unknown_key).toBe(7);
    expect(config.my_table).toEqual({ list: ["a", "b"] });

    const { origins, layers } = await server.call("config/read", { includeLayers: true });
    expect(Object.keys(origins).sort()).toEqual(
      ["analytics.enabled", "model", "model_reasoning_effort", "my_table.list.0", "my_table.list.1", "unknown_key"].sort(),
    );
    expect(layers).toHaveLength(3);
    const [session, user, system] = layers;
    // The system config.toml is always listed, lowest precedence, as the reference lists /etc/codex/config.toml.
    expect(system).toMatchObject({ name: { type: "system", file: expect.stringMatching(/config\.toml$/) } });
    expect(session).toEqual({
      name: { type: "sessionFlags" },
      version: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      config: { model_reasoning_effort: "high" },
    });
    expect(user.name).toEqual({ type: "user", file, profile: null });
    expect(user.config).toEqual({ model: "gpt-6-sol", unknown_key: 7, analytics: { enabled: false }, my_table: { list: ["a", "b"] } });
    expect(user.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(origins.model).toEqual({ name: user.name, version: user.version });
    expect(origins.model_reasoning_effort).toEqual({ name: { type: "sessionFlags" }, version: session.version });
  });

  it("reports an empty user layer when there is no config.toml", async () => {
    server = new InProcessServer();
    await server.initialize();
    const { config, origins, layers } = await server.call("config/read", { includeLayers: true });
    expect(config.model).toBeNull();
    expect(origins).toEqual({});
    expect(layers).toEqual([
      {
        name: { type: "user", file: path.join(server.codexHome, "config.toml"), profile: null },
        // sha256 of `{}`, as the reference reports an empty layer.
        version: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        config: {},
      },
      { name: { type: "system", file: expect.stringMatching(/config\.toml$/) }, version: expect.stringMatching(/^sha256:/), config: expect.any(Object) },
    ]);
  });
});

describe("invalid configuration", () => {
  it("logs the problem at startup, sends configWarning right after initialize and keeps serving", async () => {
    const codexHome = homeWith('approval_policy = "sometimes"\nsandbox_mode = "read-only"\n');
    server = new InProcessServer({ codexHome });
    // Logged (a spawned server's stderr) before any client talks to the server.
    expect(await server.readLog()).toContain("approval_policy: unknown variant `sometimes`");

    const initialize = await server.request("initialize", { clientInfo: { name: "test_client", version: "0.0.1" } });
    expect(initialize).toHaveProperty("result");
    server.notify("initialized");
    const warning = await server.waitForNotification("configWarning");
    expect(warning.summary).toBe("approval_policy: unknown variant `sometimes`, expected one of `untrusted`, `on-request`, `never`");
    expect(warning.details).toContain("`on-request`");
    expect(warning.path).toBe(path.join(codexHome, "config.toml"));

    // The warning is the first message after the initialize response.
    const index = server.received.findIndex((r) => r.message === initialize);
    expect(isWarning(server.received[index + 1]!.message)).toBe(true);

    // The key fell back to its default; the valid key still applies; the server keeps serving.
    const { config } = await server.call("config/read", {});
    expect(config.approval_policy).toBeNull();
    expect(config.sandbox_mode).toBe("read-only");
    const models = await server.call("model/list", {});
    expect(models.data.length).toBeGreaterThan(0);

    // Logged once.
    expect((await server.readLog()).split("approval_policy: unknown variant").length - 1).toBe(1);
    expect(server.notifications("configWarning")).toHaveLength(1);
  });

  it("names the key for wrong types and -c overrides, without a file path for overrides", async () => {
    const codexHome = homeWith("model = 5\n[model_providers.mock]\nname = \"m\"\nstream_idle_timeout_ms = \"soon\"\n");
    server = new InProcessServer({ codexHome, configOverrides: ["sandbox_mode=everything"] });
    await server.initialize();
    await server.waitFor((m) => isWarning(m) && server!.notifications("configWarning").length >= 3);
    const warnings = server.notifications("configWarning").map((m) => m.params as Record<string, unknown>);
    const bySummary = (prefix: string) => warnings.find((w) => String(w.summary).startsWith(prefix));
    expect(bySummary("model: ")?.summary).toBe("model: invalid type: integer `5`, expected a string");
    expect(bySummary("model_providers.mock.stream_idle_timeout_ms: ")?.summary).toContain('string "soon"');
    const sandbox = bySummary("sandbox_mode: ");
    expect(sandbox?.summary).toBe(
      "sandbox_mode: unknown variant `everything`, expected one of `read-only`, `workspace-write`, `danger-full-access`",
    );
    expect(sandbox?.details).toContain("-c sandbox_mode=");
    expect(sandbox).not.toHaveProperty("path");
    const { config } = await server.call("config/read", {});
    expect(config.model).toBeNull();
    expect(config.sandbox_mode).toBeNull();
    expect(config.model_providers.mock.stream_idle_timeout_ms).toBeNull();
  });

  it("does not send configWarning to a client that opted out of it", async () => {
    const codexHome = homeWith('approval_policy = "sometimes"\n');
    server = new InProcessServer({ codexHome });
    await server.initialize({ optOutNotificationMethods: ["configWarning"] });
    // A request answered after the initialize response proves the warnings would have been sent by now.
    await server.call("config/read", {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.notifications("configWarning")).toEqual([]);
    expect(await server.readLog()).toContain("approval_policy: unknown variant `sometimes`");
  });
});

describe("configRequirements/read", () => {
  it("answers without params: no managed requirements", async () => {
    server = new InProcessServer();
    await server.initialize();
    expect(await server.call("configRequirements/read")).toEqual({ requirements: null, supportsIndependentSpeedModes: true });
  });
});
