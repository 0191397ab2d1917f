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

async function start(requirements: string | null, configToml = "") {
  if (requirements !== null) writeFileSync(path.join(systemDir, "requirements.toml"), requirements);
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-req-home-"));
  writeFileSync(path.join(codexHome, "config.toml"), configToml);
  server = new InProcessServer({ codexHome });
  await server.initialize();
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
