import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CONFIG = `# hand-written
model = "gpt-5.4" # pinned

[features]
# keep
unified_exec = false
`;

function spawn(codexHome: string, env: Record<string, string> = {}): ServerProcess {
  const server = new ServerProcess({ codexHome, env });
  servers.push(server);
  return server;
}

// Config writes, requirements and features in process: test/unit/config-{write,requirements,features,providers}.test.ts.
describe("config writes in real processes", () => {
  it("two daemons sharing one config.toml: the second writer with a stale version is refused, the file stays intact", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-config-write-"));
    const file = path.join(codexHome, "config.toml");
    writeFileSync(file, CONFIG);
    const [a, b] = [spawn(codexHome), spawn(codexHome)];
    await Promise.all([a.initialize(), b.initialize()]);
    const versionOf = async (s: ServerProcess) =>
      (await s.call("config/read", { includeLayers: true })).layers.find((l: { name: { type: string } }) => l.name.type === "user").version;
    const [va, vb] = await Promise.all([versionOf(a), versionOf(b)]);
    expect(va).toBe(vb);
    const written = await a.call("config/batchWrite", {
      edits: [
        { keyPath: "model", value: "gpt-5.5", mergeStrategy: "replace" },
        { keyPath: "features.apps", value: true, mergeStrategy: "upsert" },
      ],
      expectedVersion: va,
      reloadUserConfig: true,
    });
    expect(written).toEqual({ status: "ok", version: expect.stringMatching(/^sha256:/), filePath: file, overriddenMetadata: null });
    const after = readFileSync(file, "utf8");
    expect(after).toBe(CONFIG.replace('"gpt-5.4"', '"gpt-5.5"').replace("unified_exec = false\n", "unified_exec = false\napps = true\n"));
    const refused = await b.callError("config/value/write", { keyPath: "model", value: "mine", mergeStrategy: "replace", expectedVersion: vb });
    expect(refused).toEqual({
      code: -32600,
      message: "Configuration was modified since last read. Fetch latest version and retry.",
      data: { config_write_error_code: "configVersionConflict" },
    });
    expect(readFileSync(file, "utf8")).toBe(after);
    // b re-reads on its next write: the version it reports for the file matches a's answer.
    const again = await b.call("config/value/write", { keyPath: "model", value: "gpt-5.5", mergeStrategy: "replace", expectedVersion: written.version });
    expect(again.version).toBe(written.version);
  });

  it("reads requirements from the system directory named by the environment", async () => {
    const systemDir = mkdtempSync(path.join(os.tmpdir(), "aas-system-"));
    writeFileSync(path.join(systemDir, "requirements.toml"), 'allowed_approval_policies = ["untrusted"]\n');
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-config-req-"));
    const s = spawn(codexHome, { AGENT_APP_SERVER_SYSTEM_CONFIG_DIR: systemDir });
    await s.initialize();
    const { requirements } = await s.call("configRequirements/read");
    expect(requirements.allowedApprovalPolicies).toEqual(["untrusted"]);
    const started = await s.call("thread/start", { cwd: codexHome, approvalPolicy: "never" });
    expect(started.approvalPolicy).toBe("untrusted");
  });
});
