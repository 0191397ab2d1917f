import path from "node:path";
import type { AskForApproval, SandboxPolicy } from "../protocol/policy.js";
import { isPathWritable, policyNeedsSandbox } from "./sandbox/index.js";
import { isKnownSafeCommand } from "./tools/safe-commands.js";
import type { LoadedThread } from "./loaded-thread.js";

/**
 * When a tool call needs the user's approval, by approval policy:
 *
 * - `never`: never asks. Commands run in the sandbox (a sandbox that cannot
 *   be enforced, or a write it refuses, is a failure the model sees); patches
 *   that write outside the writable roots are refused.
 * - `on-request`: asks when a command must escape the sandbox (the model set
 *   `sandbox_permissions: "require_escalated"`, or the sandbox is unavailable
 *   and the command is not known to be read-only) and when a patch writes
 *   outside the writable roots.
 * - `untrusted`: asks for every command except known read-only ones
 *   (`isKnownSafeCommand`) and for every patch.
 * - `granular` (experimental): like `on-request` when `sandbox_approval` is
 *   true, like `never` otherwise.
 *
 * An approved command runs outside the sandbox only when that is what was
 * asked (escalation, or no sandbox available); a command approved because of
 * `untrusted` still runs sandboxed. `acceptForSession` is remembered per
 * loaded thread (`LoadedThread.approvals`): the same argv, or patches under the same directories, are
 * not asked about again.
 */

type Mode = "never" | "on-request" | "untrusted";

function modeOf(policy: AskForApproval): Mode {
  if (typeof policy === "string") return policy;
  return policy.granular.sandbox_approval ? "on-request" : "never";
}

const UNSANDBOXED: SandboxPolicy = { type: "dangerFullAccess" };

export type CommandPlan =
  /** Run under `sandbox` without asking. */
  | { kind: "run"; sandbox: SandboxPolicy }
  /** Ask first; on approval run under `sandbox`. */
  | { kind: "ask"; reason: string | null; sandbox: SandboxPolicy; sessionKey: string };

export interface CommandPlanInput {
  argv: readonly string[];
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  /** bubblewrap works on this machine. */
  sandboxAvailable: boolean;
  escalate: boolean;
  justification: string | null;
  thread: LoadedThread;
}

export function commandSessionKey(argv: readonly string[], escalate = false): string {
  return JSON.stringify(escalate ? ["escalated", ...argv] : argv);
}

export function rememberCommand(thread: LoadedThread, key: string, sandbox: SandboxPolicy): void {
  thread.approvals.commands.set(key, sandbox);
}

export const SANDBOX_UNAVAILABLE_REASON =
  "Command sandboxing is unavailable on this machine (bubblewrap is missing or unusable); the command would run without a sandbox.";

export function planCommand(input: CommandPlanInput): CommandPlan {
  const { argv, sandboxPolicy: sandbox } = input;
  const mode = modeOf(input.approvalPolicy);
  const safe = isKnownSafeCommand(argv);
  // Read-only commands never need the sandbox; the rest do when the policy restricts.
  const sandboxMissing = policyNeedsSandbox(sandbox) && !input.sandboxAvailable;
  const runDefault: SandboxPolicy = sandboxMissing && safe ? UNSANDBOXED : sandbox;
  if (mode === "never") return { kind: "run", sandbox: runDefault };

  const escalate = input.escalate && policyNeedsSandbox(sandbox);
  const sessionKey = commandSessionKey(argv, escalate);
  const remembered = input.thread.approvals.commands.get(sessionKey);
  if (remembered) return { kind: "run", sandbox: remembered };

  if (escalate) {
    return {
      kind: "ask",
      reason: input.justification ?? "The command asks to run outside the sandbox.",
      sandbox: UNSANDBOXED,
      sessionKey,
    };
  }
  if (sandboxMissing && !safe) return { kind: "ask", reason: SANDBOX_UNAVAILABLE_REASON, sandbox: UNSANDBOXED, sessionKey };
  if (mode === "untrusted" && !safe) return { kind: "ask", reason: null, sandbox, sessionKey };
  return { kind: "run", sandbox: runDefault };
}

export type PatchPlanDecision =
  | { kind: "apply" }
  | { kind: "reject"; message: string }
  | { kind: "ask"; reason: string | null; grantRoot: string | null; roots: string[] };

export interface PatchApprovalInput {
  /** Absolute paths the patch writes or removes. */
  paths: readonly string[];
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  cwd: string;
  thread: LoadedThread;
}

function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function commonDirectory(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  let common = path.dirname(paths[0]!);
  for (const p of paths.slice(1)) {
    while (!isWithin(p, common)) {
      const parent = path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}

export function planPatchApproval(input: PatchApprovalInput): PatchPlanDecision {
  const mode = modeOf(input.approvalPolicy);
  const outside = input.paths.filter((p) => !isPathWritable(p, input.sandboxPolicy, input.cwd));
  if (mode === "never") {
    if (outside.length === 0) return { kind: "apply" };
    return {
      kind: "reject",
      message: `patch rejected: writing outside of the writable roots (${outside.join(", ")}) is not allowed, and the approval policy is never`,
    };
  }
  const asking = mode === "untrusted" ? [...input.paths] : outside;
  if (asking.length === 0) return { kind: "apply" };
  const granted = input.thread.approvals.patchRoots;
  if (asking.every((p) => [...granted].some((root) => isWithin(p, root)))) return { kind: "apply" };
  const roots = [...new Set(asking.map((p) => path.dirname(p)))];
  return {
    kind: "ask",
    reason: outside.length > 0 ? `The patch writes outside the writable roots: ${outside.join(", ")}` : null,
    grantRoot: outside.length > 0 ? commonDirectory(outside) : null,
    roots,
  };
}

export function rememberPatchRoots(thread: LoadedThread, roots: readonly string[]): void {
  const granted = thread.approvals.patchRoots;
  for (const root of roots) granted.add(root);
}
