import path from "node:path";
import type { SandboxMode, SandboxPolicy } from "../../protocol/policy.js";

/**
 * A sandbox policy resolved against a working directory: what the sandboxed
 * process may write and whether it may reach the network.
 */
export interface ResolvedSandbox {
  /** No filesystem or network restriction at all (`dangerFullAccess`, `externalSandbox`). */
  fullDiskWrite: boolean;
  /** Absolute directories the process may write (empty for read-only). */
  writableRoots: string[];
  /** Absolute paths under writable roots that stay read-only (`.git`, `.codex`). */
  readOnlySubpaths: string[];
  networkAccess: boolean;
}

/** Directory names kept read-only inside every writable root, as the reference does. */
const PROTECTED_SUBDIRS = [".git", ".codex"];

export interface SandboxConfigValues {
  sandbox_mode?: unknown;
  sandbox_workspace_write?: unknown;
  [key: string]: unknown;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The protocol `SandboxPolicy` for a `SandboxMode` (thread/start `sandbox`,
 * config `sandbox_mode`), taking `[sandbox_workspace_write]` settings from
 * config values when given. An unset/unknown mode is `read-only`.
 */
export function sandboxPolicyFromMode(mode: SandboxMode | string | null | undefined, config: SandboxConfigValues = {}): SandboxPolicy {
  switch (mode) {
    case "danger-full-access":
      return { type: "dangerFullAccess" };
    case "workspace-write": {
      const table = isTable(config.sandbox_workspace_write) ? config.sandbox_workspace_write : {};
      const roots = Array.isArray(table.writable_roots)
        ? table.writable_roots.filter((r): r is string => typeof r === "string")
        : [];
      return {
        type: "workspaceWrite",
        writableRoots: roots,
        networkAccess: table.network_access === true,
        excludeTmpdirEnvVar: table.exclude_tmpdir_env_var === true,
        excludeSlashTmp: table.exclude_slash_tmp === true,
      };
    }
    default:
      return { type: "readOnly" };
  }
}

/** The default policy from config values (`sandbox_mode`, default `read-only`). */
export function sandboxPolicyFromConfig(values: SandboxConfigValues): SandboxPolicy {
  return sandboxPolicyFromMode(typeof values.sandbox_mode === "string" ? values.sandbox_mode : undefined, values);
}

function uniqueSorted(paths: string[]): string[] {
  return [...new Set(paths.map((p) => path.resolve(p)))].sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/** Resolves `policy` for a process running in `cwd` (absolute). */
export function resolveSandbox(policy: SandboxPolicy, cwd: string, env: NodeJS.ProcessEnv = process.env): ResolvedSandbox {
  switch (policy.type) {
    case "dangerFullAccess":
      return { fullDiskWrite: true, writableRoots: [], readOnlySubpaths: [], networkAccess: true };
    case "externalSandbox":
      // Enforced outside this server; nothing to add here.
      return { fullDiskWrite: true, writableRoots: [], readOnlySubpaths: [], networkAccess: true };
    case "readOnly":
      return { fullDiskWrite: false, writableRoots: [], readOnlySubpaths: [], networkAccess: policy.networkAccess === true };
    case "workspaceWrite": {
      const roots = [cwd, ...(policy.writableRoots ?? []).map((r) => path.resolve(cwd, r))];
      if (!policy.excludeSlashTmp) roots.push("/tmp");
      const tmpdir = env.TMPDIR;
      if (!policy.excludeTmpdirEnvVar && tmpdir && path.isAbsolute(tmpdir)) roots.push(tmpdir);
      const writableRoots = uniqueSorted(roots);
      const readOnlySubpaths: string[] = [];
      for (const root of writableRoots) {
        for (const name of PROTECTED_SUBDIRS) readOnlySubpaths.push(path.join(root, name));
      }
      return { fullDiskWrite: false, writableRoots, readOnlySubpaths, networkAccess: policy.networkAccess === true };
    }
  }
}

function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Whether the policy lets a write to `target` happen without asking: used for
 * apply_patch (which writes in-process, outside any sandbox) to decide when an
 * approval is needed.
 */
export function isPathWritable(target: string, policy: SandboxPolicy, cwd: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const resolved = resolveSandbox(policy, cwd, env);
  if (resolved.fullDiskWrite) return true;
  const abs = path.resolve(cwd, target);
  if (resolved.readOnlySubpaths.some((p) => isWithin(abs, p))) return false;
  return resolved.writableRoots.some((root) => isWithin(abs, root));
}

/** A short label for logs and messages, e.g. `workspaceWrite`. */
export function describePolicy(policy: SandboxPolicy): string {
  return policy.type;
}

/** True when running under `policy` needs an OS sandbox to be enforced. */
export function policyNeedsSandbox(policy: SandboxPolicy): boolean {
  // `externalSandbox`: the server already runs inside a sandbox the client manages.
  return policy.type === "readOnly" || policy.type === "workspaceWrite";
}
