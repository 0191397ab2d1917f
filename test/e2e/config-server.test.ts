import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function homeWith(configToml?: string): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "aas-config-"));
  if (configToml !== undefined) writeFileSync(path.join(home, "config.toml"), configToml);
  return home;
}

async function waitForStderr(s: ServerProcess, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.stderr.includes(text)) {
    if (Date.now() > deadline) throw new Error(`stderr never contained ${JSON.stringify(text)}; stderr:\n${s.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}


// Everything else about configuration runs in process: test/unit/config-server.test.ts.
describe("invalid configuration in a real process", () => {
  it("turns a corrupt config.toml into a warning instead of a crash", async () => {
    const codexHome = homeWith('model = "gpt-6-sol"\n[broken\nsandbox_mode = "read-only"\n');
    server = new ServerProcess({ codexHome, args: ["-c", 'model="gpt-6-luna"'] });
    await waitForStderr(server, "Invalid TOML");
    await server.initialize();
    const warning = await server.waitForNotification("configWarning");
    expect(warning.summary).toMatch(/^Invalid TOML in .*config\.toml at line 2, column \d+/);
    expect(warning.path).toBe(path.join(codexHome, "config.toml"));
    expect(warning.range.start.line).toBe(2);
    // The file is ignored, the overrides still apply.
    const { config } = await server.call("config/read", {});
    expect(config.model).toBe("gpt-6-luna");
    expect(config.sandbox_mode).toBeNull();
    expect(server.child.exitCode).toBeNull();
  });
});
