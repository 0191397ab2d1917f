import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildBwrapArgv,
  isPathWritable,
  prepareSandboxedCommand,
  resetSandboxAvailabilityCache,
  resolveSandbox,
  sandboxAvailability,
  sandboxConfigWarning,
  sandboxPolicyFromConfig,
  SandboxUnavailableError,
} from "../../src/core/sandbox/index.js";
import type { SandboxPolicy } from "../../src/protocol/policy.js";
import { runUnifiedExecTool, UnifiedExecSessions } from "../../src/core/tools/unified-exec/index.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";

const availability = sandboxAvailability();
const onlyWithBwrap = availability.available ? it : it.skip;
if (!availability.available) {
  // Visible in the test output: why the enforcement tests below are skipped.
  process.stderr.write(`sandbox.test.ts: bubblewrap cannot run here (${availability.reason}); enforcement tests skipped\n`);
}

/** A workspace under /tmp whose sibling directories are outside the sandbox (/tmp itself excluded). */
function workspace(): { root: string; cwd: string; outside: string; policy: SandboxPolicy } {
  const root = mkdtempSync(path.join(os.tmpdir(), "aas-sbx-"));
  const cwd = path.join(root, "work");
  const outside = path.join(root, "outside");
  mkdirSync(cwd);
  mkdirSync(outside);
  return { root, cwd, outside, policy: { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true } };
}

const sessions = new UnifiedExecSessions({ defaultShell: "/bin/sh" });
afterEach(() => sessions.closeAll());

/**
 * Runs `cmd` the way exec_command does (`/bin/sh -c`, pipes), wrapped for `sandbox` as the
 * tool runtime wraps it; resolves with the output text and the exit code (null while running).
 */
async function runSandboxed(cmd: string, cwd: string, sandbox: SandboxPolicy, yieldTimeMs = 10_000): Promise<{ output: string; exitCode: number | null }> {
  const outcome = await runUnifiedExecTool(sessions, "exec_command", JSON.stringify({ cmd, login: false, yield_time_ms: yieldTimeMs }), {
    callId: "call_sandbox",
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    truncationPolicy: { mode: "bytes", limit: 10_000 },
    wrap: (command, context) => prepareSandboxedCommand(command, sandbox, context.cwd, cwd),
  });
  return { output: outcome.output, exitCode: outcome.result?.exitCode ?? null };
}

describe("sandbox policies", () => {
  it("maps config sandbox_mode to a policy (read-only by default)", () => {
    expect(sandboxPolicyFromConfig({})).toEqual({ type: "readOnly" });
    expect(sandboxPolicyFromConfig({ sandbox_mode: "danger-full-access" })).toEqual({ type: "dangerFullAccess" });
    expect(
      sandboxPolicyFromConfig({ sandbox_mode: "workspace-write", sandbox_workspace_write: { writable_roots: ["/data"], network_access: true } }),
    ).toEqual({ type: "workspaceWrite", writableRoots: ["/data"], networkAccess: true, excludeTmpdirEnvVar: false, excludeSlashTmp: false });
  });

  it("resolves writable roots: cwd, extra roots, /tmp and $TMPDIR unless excluded", () => {
    const resolved = resolveSandbox({ type: "workspaceWrite", writableRoots: ["../data"] }, "/w/project", { TMPDIR: "/var/tmp/me" });
    expect(resolved.writableRoots).toEqual(["/tmp", "/w/data", "/w/project", "/var/tmp/me"]);
    expect(resolved.readOnlySubpaths).toContain("/w/project/.git");
    expect(resolved.networkAccess).toBe(false);
    expect(resolveSandbox({ type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true }, "/w", {}).writableRoots).toEqual(["/w"]);
    expect(resolveSandbox({ type: "readOnly", networkAccess: true }, "/w").writableRoots).toEqual([]);
  });

  it("isPathWritable follows the policy (for apply_patch approvals)", () => {
    const ww: SandboxPolicy = { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true };
    expect(isPathWritable("src/a.ts", ww, "/w")).toBe(true);
    expect(isPathWritable("/w/.git/config", ww, "/w")).toBe(false);
    expect(isPathWritable("../elsewhere/a.ts", ww, "/w")).toBe(false);
    expect(isPathWritable("a.ts", { type: "readOnly" }, "/w")).toBe(false);
    expect(isPathWritable("/etc/x", { type: "dangerFullAccess" }, "/w")).toBe(true);
  });

  it("builds the bwrap command line", () => {
    const argv = buildBwrapArgv({ fullDiskWrite: false, writableRoots: ["/"], readOnlySubpaths: [], networkAccess: false }, "/", ["ls", "-l"]);
    expect(argv.slice(0, 4)).toEqual(["bwrap", "--new-session", "--die-with-parent", "--unshare-pid"]);
    expect(argv).toContain("--unshare-net");
    expect(argv.join(" ")).toContain("--ro-bind / / --dev /dev --proc /proc --bind / /");
    expect(argv.slice(-5)).toEqual(["--chdir", "/", "--", "ls", "-l"]);
    const online = buildBwrapArgv({ fullDiskWrite: false, writableRoots: [], readOnlySubpaths: [], networkAccess: true }, "/", ["true"]);
    expect(online).not.toContain("--unshare-net");
  });

  it("dangerFullAccess and externalSandbox run without bwrap", () => {
    expect(prepareSandboxedCommand(["true"], { type: "dangerFullAccess" }, "/")).toEqual({ argv: ["true"], sandboxed: false, env: {} });
    expect(prepareSandboxedCommand(["true"], { type: "externalSandbox", networkAccess: "restricted" }, "/").sandboxed).toBe(false);
  });
});

describe("sandbox availability", () => {
  afterEach(() => {
    delete process.env.AAS_BWRAP;
    resetSandboxAvailabilityCache();
  });

  it("reports whether bubblewrap can run here, and why not", () => {
    expect(typeof availability.available).toBe("boolean");
    if (availability.available) {
      expect(availability.bwrapPath).toBeTruthy();
      expect(sandboxConfigWarning()).toBeNull();
    } else {
      expect(availability.reason).toBeTruthy();
    }
  });

  it("without bwrap a restricted policy refuses to run and a configWarning explains it", () => {
    process.env.AAS_BWRAP = "off";
    resetSandboxAvailabilityCache();
    expect(sandboxAvailability()).toMatchObject({ available: false, reason: "sandboxing disabled by AAS_BWRAP" });
    expect(() => prepareSandboxedCommand(["true"], { type: "readOnly" }, "/")).toThrow(SandboxUnavailableError);
    expect(sandboxConfigWarning()).toMatchObject({ summary: expect.stringContaining("sandboxing is unavailable") });
    process.env.AAS_BWRAP = "/nonexistent/bwrap";
    resetSandboxAvailabilityCache();
    expect(sandboxAvailability().reason).toContain("not found");
  });
});

describe("sandbox enforcement (bubblewrap)", () => {
  onlyWithBwrap("workspaceWrite allows writes inside the workspace and refuses them outside", async () => {
    const { cwd, outside, policy } = workspace();
    const result = await runSandboxed(`echo in > inside.txt && echo ok; echo out > ${outside}/escape.txt; echo rc=$?`, cwd, policy);
    expect(result.output).toContain("ok\n");
    expect(result.output).toMatch(/Read-only file system/);
    expect(result.output).toContain("rc=2");
    expect(readFileSync(path.join(cwd, "inside.txt"), "utf8")).toBe("in\n");
    expect(existsSync(path.join(outside, "escape.txt"))).toBe(false);
  });

  onlyWithBwrap("readOnly refuses every write, even in the working directory", async () => {
    const { cwd } = workspace();
    const result = await runSandboxed("echo x > file.txt", cwd, { type: "readOnly" });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/Read-only file system/);
    expect(existsSync(path.join(cwd, "file.txt"))).toBe(false);
  });

  onlyWithBwrap("keeps .git read-only inside a writable workspace", async () => {
    const { cwd, policy } = workspace();
    mkdirSync(path.join(cwd, ".git"));
    const result = await runSandboxed("echo x > .git/config", cwd, policy);
    expect(result.exitCode).not.toBe(0);
    expect(existsSync(path.join(cwd, ".git", "config"))).toBe(false);
  });

  onlyWithBwrap("cuts the network off unless the policy enables it", async () => {
    const { cwd, policy } = workspace();
    const probe = `${process.execPath} -e "console.log(Object.keys(require('os').networkInterfaces()).sort().join(','))"`;
    const outputOf = (text: string) => text.slice(text.indexOf("Output:\n") + "Output:\n".length).trim();
    const offline = await runSandboxed(probe, cwd, policy);
    expect(outputOf(offline.output)).toMatch(/^(lo)?$/);
    const online = await runSandboxed(probe, cwd, { ...policy, networkAccess: true } as SandboxPolicy);
    const host = Object.keys(os.networkInterfaces()).sort().join(",");
    expect(outputOf(online.output)).toBe(host);
  });

  onlyWithBwrap("killing a sandboxed command (as an interrupt does) leaves no process behind", async () => {
    const { cwd, policy } = workspace();
    const marker = sleepMarker();
    const running = await runSandboxed(`sleep ${marker} & sleep ${marker}`, cwd, policy, 300);
    expect(running.exitCode).toBeNull();
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    await sessions.closeAll();
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });
});
