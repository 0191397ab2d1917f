import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
let systemDir: string;
const savedEnv = process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR;

beforeEach(() => {
  systemDir = mkdtempSync(path.join(os.tmpdir(), "aas-system-"));
  process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR = systemDir;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (savedEnv === undefined) delete process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR;
  else process.env.AGENT_APP_SERVER_SYSTEM_CONFIG_DIR = savedEnv;
});

const REQUIREMENTS = `allowed_approval_policies = ["untrusted", "on-request"]
allowed_sandbox_modes = ["read-only", "workspace-write"]
allowed_web_search_modes = ["cached"]

[features]
apps = false
`;

async function start(requirements: string | null, configToml = "", capabilities: Record<string, unknown> | null = null) {
  if (requirements !== null) writeFileSync(path.join(systemDir, "requirements.toml"), requirements);
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-req-home-"));
  writeFileSync(path.join(codexHome, "config.toml"), configToml);
  server = new InProcessServer({ codexHome });
  await server.initialize(capabilities);
  return server;
}

const file = () => path.join(systemDir, "requirements.toml");

describe("managed requirements", () => {
  it("configRequirements/read is null without a requirements.toml", async () => {
    const s = await start(null);
    expect(await s.call("configRequirements/read")).toEqual({ requirements: null, supportsIndependentSpeedModes: true });
  });

  it("configRequirements/read reports the system requirements.toml as the reference does", async () => {
    const s = await start(REQUIREMENTS);
    const { requirements } = await s.call("configRequirements/read");
    expect(requirements).toMatchObject({
      allowedApprovalPolicies: ["untrusted", "on-request"],
      allowedSandboxModes: ["read-only", "workspace-write"],
      allowedWebSearchModes: ["cached", "disabled"],
      allowedLoginMethods: ["api", "chatgpt"],
      featureRequirements: { apps: false },
      modelProvider: null,
    });
  });

  it("thread/start falls back from a forbidden approval policy and sandbox, with the reference's warnings", async () => {
    const s = await start(REQUIREMENTS);
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-req-cwd-"));
    const started = await s.call("thread/start", { cwd, approvalPolicy: "never", sandbox: "danger-full-access" });
    expect(started.approvalPolicy).toBe("untrusted");
    expect(started.sandbox).toEqual({ type: "readOnly", networkAccess: false });
    const summaries = s.notifications("configWarning").map((m: WireMessage) => (m.params as { summary: string }).summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        `Configured value for \`approval_policy\` is disallowed by requirements; falling back to required value UnlessTrusted. Details: invalid value for \`approval_policy\`: \`Never\` is not in the allowed set [UnlessTrusted, OnRequest] (set by ${file()})`,
        `Configured value for \`sandbox_mode\` is disallowed by requirements; falling back to required value ReadOnly. Details: invalid value for \`sandbox_mode\`: \`DangerFullAccess\` is not in the allowed set [ReadOnly, WorkspaceWrite] (set by ${file()})`,
      ]),
    );
    await s.waitFor((m: WireMessage) => m.method === "warning" && s.notifications("warning").length === 2);
    expect(s.notifications("warning").map((m: WireMessage) => (m.params as { message: string }).message)).toEqual(summaries.slice(-2));
    const allowed = await s.call("thread/start", { cwd, approvalPolicy: "on-request", sandbox: "workspace-write" });
    expect(allowed.approvalPolicy).toBe("on-request");
    expect(allowed.sandbox.type).toBe("workspaceWrite");
  });

  it("thread/settings/update falls back from a forbidden approval policy and sandbox as turn/start does", async () => {
    const s = await start(REQUIREMENTS, "", { experimentalApi: true });
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-req-cwd-"));
    const { thread } = await s.call("thread/start", { cwd, approvalPolicy: "on-request", sandbox: "read-only" });
    await s.call("thread/settings/update", {
      threadId: thread.id,
      approvalPolicy: "never",
      sandboxPolicy: { type: "dangerFullAccess" },
    });
    const updated = await s.waitFor((m: WireMessage) => m.method === "thread/settings/updated");
    const settings = (updated.params as { threadSettings: { approvalPolicy: string; sandboxPolicy: { type: string } } }).threadSettings;
    expect(settings.approvalPolicy).toBe("untrusted");
    expect(settings.sandboxPolicy.type).toBe("readOnly");
    await s.waitFor((m: WireMessage) => m.method === "warning" && s.notifications("warning").length === 2);
    const messages = s.notifications("warning").map((m: WireMessage) => (m.params as { message: string; threadId: string }).message);
    expect(messages[0]).toContain("falling back to required value UnlessTrusted");
    expect(messages[1]).toContain("falling back to required value ReadOnly");
    await s.call("thread/settings/update", { threadId: thread.id, approvalPolicy: "on-request" });
    const allowed = await s.waitFor(
      (m: WireMessage) => m.method === "thread/settings/updated" && (m.params as { threadSettings: { approvalPolicy: string } }).threadSettings.approvalPolicy === "on-request",
    );
    expect(allowed).toBeDefined();
    expect(s.notifications("warning")).toHaveLength(2);
  });

  it("a forbidden value in config.toml falls back and is reported at initialize", async () => {
    const s = await start(REQUIREMENTS, 'approval_policy = "never"\n');
    const warning = s.notifications("configWarning")[0];
    expect((warning?.params as { summary: string }).summary).toContain("Configured value for `approval_policy` is disallowed by requirements; falling back to required value OnRequest");
    const started = await s.call("thread/start", { cwd: os.tmpdir() });
    expect(started.approvalPolicy).toBe("on-request");
  });

  it("a write contradicting a pinned feature is refused with the reference's text; the list shows the pinned value", async () => {
    const s = await start(REQUIREMENTS, "[features]\n");
    const error = await s.callError("config/value/write", { keyPath: "features.apps", value: true, mergeStrategy: "replace" });
    expect(error).toEqual({
      code: -32600,
      message: `Invalid configuration: invalid value for \`features\`: \`features.apps=true\` is not in the allowed set [apps=false] (set by ${file()})`,
      data: { config_write_error_code: "configValidationError" },
    });
    expect(readFileSync(path.join(s.codexHome, "config.toml"), "utf8")).toBe("[features]\n");
    const { data } = await s.call("experimentalFeature/list", {});
    expect(data.find((f: { name: string }) => f.name === "apps").enabled).toBe(false);
  });
});

describe("managed config layers", () => {
  const SYSTEM_CONFIG = 'model = "gpt-system"\n\n[sandbox_workspace_write]\nnetwork_access = true\n';
  const MANAGED_CONFIG = 'approval_policy = "never"\nsandbox_mode = "workspace-write"\n';
  const USER_CONFIG = 'model = "gpt-user"\napproval_policy = "on-request"\n';

  async function startManaged() {
    writeFileSync(path.join(systemDir, "config.toml"), SYSTEM_CONFIG);
    writeFileSync(path.join(systemDir, "managed_config.toml"), MANAGED_CONFIG);
    return start(null, USER_CONFIG);
  }

  it("config/read stacks managed_config.toml over the user file over the system config.toml, and reports each layer", async () => {
    const s = await startManaged();
    const managedFile = path.join(systemDir, "managed_config.toml");
    const userFile = path.join(s.codexHome, "config.toml");
    const { config, origins, layers } = await s.call("config/read", { includeLayers: true });
    expect(layers.map((layer: { name: unknown }) => layer.name)).toEqual([
      { type: "legacyManagedConfigTomlFromFile", file: managedFile },
      { type: "user", file: userFile, profile: null },
      { type: "system", file: path.join(systemDir, "config.toml") },
    ]);
    expect(layers[0].config).toEqual({ approval_policy: "never", sandbox_mode: "workspace-write" });
    expect(layers[2].config).toEqual({ model: "gpt-system", sandbox_workspace_write: { network_access: true } });
    expect(config.model).toBe("gpt-user");
    expect(config.approval_policy).toBe("never");
    expect(config.sandbox_mode).toBe("workspace-write");
    expect(config.sandbox_workspace_write.network_access).toBe(true);
    expect(origins.model.name).toEqual({ type: "user", file: userFile, profile: null });
    expect(origins.approval_policy).toEqual({ name: layers[0].name, version: layers[0].version });
    expect(origins["sandbox_workspace_write.network_access"].name).toEqual(layers[2].name);

    // A write the managed layer overrides lands in the user file and says who wins.
    const written = await s.call("config/value/write", { keyPath: "approval_policy", value: "on-request", mergeStrategy: "replace" });
    expect(written).toMatchObject({
      status: "okOverridden",
      overriddenMetadata: {
        message: `Overridden by legacy managed_config.toml: ${managedFile}`,
        overridingLayer: { name: layers[0].name },
        effectiveValue: "never",
      },
    });
  });

  it("managed_config.toml values are requirements: configRequirements/read lists them, thread/start falls back to them", async () => {
    const s = await startManaged();
    const managedFile = path.join(systemDir, "managed_config.toml");
    const { requirements } = await s.call("configRequirements/read");
    expect(requirements).toMatchObject({ allowedApprovalPolicies: ["never"], allowedSandboxModes: ["read-only", "workspace-write"] });
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-req-cwd-"));
    const started = await s.call("thread/start", { cwd, approvalPolicy: "on-request", sandbox: "danger-full-access" });
    expect(started.approvalPolicy).toBe("never");
    expect(started.sandbox.type).toBe("readOnly");
    const summaries = s.notifications("configWarning").map((m: WireMessage) => (m.params as { summary: string }).summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        `Configured value for \`approval_policy\` is disallowed by requirements; falling back to required value Never. Details: invalid value for \`approval_policy\`: \`OnRequest\` is not in the allowed set [Never] (set by ${managedFile})`,
        `Configured value for \`sandbox_mode\` is disallowed by requirements; falling back to required value ReadOnly. Details: invalid value for \`sandbox_mode\`: \`DangerFullAccess\` is not in the allowed set [ReadOnly, WorkspaceWrite] (set by ${managedFile})`,
      ]),
    );
  });

  it("requirements.toml wins over managed_config.toml for what both set", async () => {
    writeFileSync(path.join(systemDir, "managed_config.toml"), MANAGED_CONFIG);
    const s = await start(REQUIREMENTS);
    const { requirements } = await s.call("configRequirements/read");
    expect(requirements.allowedApprovalPolicies).toEqual(["untrusted", "on-request"]);
    expect(requirements.allowedSandboxModes).toEqual(["read-only", "workspace-write"]);
  });
});
