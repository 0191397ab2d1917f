import { describe, expect, it } from "vitest";
import { planCommand, planPatchApproval, rememberCommand, rememberPatchRoots, SANDBOX_UNAVAILABLE_REASON } from "../../src/core/approvals.js";
import { LoadedThread } from "../../src/core/loaded-thread.js";
import { isKnownSafeCommand } from "../../src/core/tools/safe-commands.js";
import type { AskForApproval, SandboxPolicy } from "../../src/protocol/policy.js";

function thread(): LoadedThread {
  return new LoadedThread({ id: "t" } as never, true, () => undefined);
}

const READ_ONLY: SandboxPolicy = { type: "readOnly" };
const WORKSPACE: SandboxPolicy = { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true };
const FULL: SandboxPolicy = { type: "dangerFullAccess" };

function plan(argv: string[], approvalPolicy: AskForApproval, options: { sandbox?: SandboxPolicy; available?: boolean; escalate?: boolean; t?: LoadedThread } = {}) {
  return planCommand({
    argv,
    approvalPolicy,
    sandboxPolicy: options.sandbox ?? READ_ONLY,
    sandboxAvailable: options.available ?? true,
    escalate: options.escalate ?? false,
    justification: null,
    thread: options.t ?? thread(),
  });
}

describe("isKnownSafeCommand", () => {
  it("accepts read-only commands, alone or joined by && || ; |", () => {
    for (const argv of [
      ["ls", "-la"],
      ["cat", "a.txt"],
      ["pwd"],
      ["rg", "-n", "foo"],
      ["grep", "-r", "x", "."],
      ["head", "-n", "5", "f"],
      ["find", ".", "-name", "*.ts"],
      ["sed", "-n", "1,20p", "f.txt"],
      ["git", "status"],
      ["git", "diff", "--stat"],
      ["bash", "-lc", "ls && cat a | wc -l; pwd || echo no"],
    ]) {
      expect(isKnownSafeCommand(argv), argv.join(" ")).toBe(true);
    }
  });

  it("refuses writes, command execution, redirections and substitutions", () => {
    for (const argv of [
      ["rm", "-rf", "x"],
      ["touch", "x"],
      ["find", ".", "-delete"],
      ["find", ".", "-exec", "rm", "{}", ";"],
      ["rg", "--pre", "sh", "x"],
      ["sed", "-i", "s/a/b/", "f"],
      ["git", "push"],
      ["git", "branch", "new-branch"],
      ["git", "diff", "--output=f"],
      ["sort", "-o", "out", "in"],
      ["bash", "-lc", "echo x > f"],
      ["bash", "-lc", "ls $(rm -rf x)"],
      ["bash", "-lc", "ls && rm x"],
      ["bash", "-lc", "(ls)"],
    ]) {
      expect(isKnownSafeCommand(argv), argv.join(" ")).toBe(false);
    }
  });
});

describe("planCommand", () => {
  it("never: never asks; read-only commands run unsandboxed when there is no sandbox", () => {
    expect(plan(["touch", "x"], "never")).toEqual({ kind: "run", sandbox: READ_ONLY });
    expect(plan(["touch", "x"], "never", { escalate: true })).toEqual({ kind: "run", sandbox: READ_ONLY });
    expect(plan(["touch", "x"], "never", { available: false })).toEqual({ kind: "run", sandbox: READ_ONLY });
    expect(plan(["ls"], "never", { available: false })).toEqual({ kind: "run", sandbox: FULL });
  });

  it("on-request: asks for escalation and for commands that need a missing sandbox", () => {
    expect(plan(["touch", "x"], "on-request")).toEqual({ kind: "run", sandbox: READ_ONLY });
    expect(plan(["touch", "x"], "on-request", { escalate: true })).toMatchObject({ kind: "ask", sandbox: FULL });
    expect(plan(["touch", "x"], "on-request", { available: false })).toMatchObject({ kind: "ask", sandbox: FULL, reason: SANDBOX_UNAVAILABLE_REASON });
    expect(plan(["ls"], "on-request", { available: false })).toEqual({ kind: "run", sandbox: FULL });
    // Nothing to escape from under full access.
    expect(plan(["touch", "x"], "on-request", { sandbox: FULL, escalate: true })).toEqual({ kind: "run", sandbox: FULL });
  });

  it("untrusted: asks for all but read-only commands; approved ones stay sandboxed", () => {
    expect(plan(["ls"], "untrusted")).toEqual({ kind: "run", sandbox: READ_ONLY });
    expect(plan(["touch", "x"], "untrusted", { sandbox: WORKSPACE })).toMatchObject({ kind: "ask", sandbox: WORKSPACE, reason: null });
    expect(plan(["touch", "x"], "untrusted", { sandbox: FULL })).toMatchObject({ kind: "ask", sandbox: FULL });
  });

  it("granular follows sandbox_approval", () => {
    const granular = (sandbox_approval: boolean): AskForApproval => ({ granular: { sandbox_approval, rules: true, mcp_elicitations: true } });
    expect(plan(["touch", "x"], granular(true), { escalate: true }).kind).toBe("ask");
    expect(plan(["touch", "x"], granular(false), { escalate: true }).kind).toBe("run");
  });

  it("acceptForSession is remembered per thread and per escalation", () => {
    const t = thread();
    const asked = plan(["touch", "x"], "untrusted", { sandbox: WORKSPACE, t });
    expect(asked.kind).toBe("ask");
    if (asked.kind === "ask") rememberCommand(t, asked.sessionKey, asked.sandbox);
    expect(plan(["touch", "x"], "untrusted", { sandbox: WORKSPACE, t })).toEqual({ kind: "run", sandbox: WORKSPACE });
    expect(plan(["touch", "x"], "untrusted", { sandbox: WORKSPACE, t, escalate: true }).kind).toBe("ask");
    expect(plan(["touch", "y"], "untrusted", { sandbox: WORKSPACE, t }).kind).toBe("ask");
    expect(plan(["touch", "x"], "untrusted", { sandbox: WORKSPACE }).kind).toBe("ask");
  });
});

describe("planPatchApproval", () => {
  const cwd = "/work/project";
  const input = (paths: string[], approvalPolicy: AskForApproval, sandboxPolicy: SandboxPolicy, t = thread()) =>
    planPatchApproval({ paths, approvalPolicy, sandboxPolicy, cwd, thread: t });

  it("by policy", () => {
    expect(input([`${cwd}/a.txt`], "on-request", WORKSPACE)).toEqual({ kind: "apply" });
    expect(input([`${cwd}/a.txt`], "on-request", READ_ONLY)).toMatchObject({ kind: "ask", grantRoot: cwd, roots: [cwd] });
    expect(input([`${cwd}/.git/config`], "on-request", WORKSPACE)).toMatchObject({ kind: "ask" });
    expect(input(["/etc/x", "/etc/y/z"], "on-request", WORKSPACE)).toMatchObject({ kind: "ask", grantRoot: "/etc" });
    expect(input([`${cwd}/a.txt`], "untrusted", WORKSPACE)).toMatchObject({ kind: "ask", reason: null, grantRoot: null });
    expect(input([`${cwd}/a.txt`], "never", WORKSPACE)).toEqual({ kind: "apply" });
    expect(input(["/etc/x"], "never", WORKSPACE)).toMatchObject({ kind: "reject" });
    expect(input(["/etc/x"], "on-request", FULL)).toEqual({ kind: "apply" });
  });

  it("acceptForSession covers later patches under the same directories", () => {
    const t = thread();
    rememberPatchRoots(t, ["/etc"]);
    expect(input(["/etc/x", "/etc/sub/y"], "on-request", WORKSPACE, t)).toEqual({ kind: "apply" });
    expect(input(["/var/x"], "on-request", WORKSPACE, t)).toMatchObject({ kind: "ask" });
  });
});
