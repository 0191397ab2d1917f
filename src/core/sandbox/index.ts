import path from "node:path";
import type { SandboxPolicy } from "../../protocol/policy.js";
import { buildBwrapArgv, sandboxAvailability, type SandboxAvailability } from "./bwrap.js";
import { policyNeedsSandbox, resolveSandbox } from "./policy.js";

export * from "./policy.js";
export {
  buildBwrapArgv,
  detectSandboxAvailability,
  resetSandboxAvailabilityCache,
  sandboxAvailability,
  type SandboxAvailability,
} from "./bwrap.js";

/** The policy asks for restrictions this machine cannot enforce (no usable bwrap). */
export class SandboxUnavailableError extends Error {
  constructor(
    readonly policy: SandboxPolicy,
    readonly availability: SandboxAvailability,
  ) {
    super(
      `sandbox policy ${policy.type} cannot be enforced: ${availability.reason ?? "bubblewrap is unavailable"}`,
    );
    this.name = "SandboxUnavailableError";
  }
}

export interface PreparedCommand {
  /** What to spawn: the command itself, or bwrap wrapping it. */
  argv: string[];
  /** True when the command runs inside bwrap. */
  sandboxed: boolean;
  /** Variables to add to the command's environment. */
  env: Record<string, string>;
}

/**
 * Wraps `command` to run in `cwd` under `policy`, whose relative writable
 * roots (and, for workspaceWrite, the workspace itself) are taken from
 * `sandboxCwd` (default `cwd`). Policies without
 * restrictions run as is; restricted ones run under bwrap, or throw
 * `SandboxUnavailableError` when bwrap cannot run here (callers either ask for
 * approval and rerun with `dangerFullAccess`, or refuse).
 */
export function prepareSandboxedCommand(
  command: readonly string[],
  policy: SandboxPolicy,
  cwd: string,
  sandboxCwd: string = cwd,
): PreparedCommand {
  if (!policyNeedsSandbox(policy)) return { argv: [...command], sandboxed: false, env: {} };
  const availability = sandboxAvailability();
  if (!availability.available || availability.bwrapPath === null) throw new SandboxUnavailableError(policy, availability);
  const resolved = resolveSandbox(policy, path.resolve(sandboxCwd));
  const env: Record<string, string> = {};
  if (!resolved.networkAccess) env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  return { argv: buildBwrapArgv(resolved, cwd, command, availability.bwrapPath), sandboxed: true, env };
}

/**
 * The `configWarning` to send once per connection when commands cannot be
 * sandboxed on this machine (restricted commands then need approval), or
 * `null` when bubblewrap works.
 */
export function sandboxConfigWarning(): { summary: string; details: string | null } | null {
  const availability = sandboxAvailability();
  if (availability.available) return null;
  return {
    summary: "Command sandboxing is unavailable; commands that need a sandbox will ask for approval.",
    details: `${availability.reason ?? "bubblewrap is unavailable"}. Install bubblewrap (apt-get install bubblewrap) to enable the read-only and workspace-write sandboxes.`,
  };
}
