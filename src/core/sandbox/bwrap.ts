import { execFile, spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import type { ResolvedSandbox } from "./policy.js";

/**
 * Linux sandboxing with bubblewrap (`bwrap`, Debian package `bubblewrap`).
 *
 * The sandboxed process sees the whole filesystem read-only (`--ro-bind / /`),
 * with the writable roots bound read-write on top and protected subpaths
 * (`.git`, `.codex`) bound read-only again; a fresh `/dev` and `/proc`; its own
 * PID namespace (so killing bwrap kills every process it started) and, when
 * network access is off, its own network namespace (loopback only).
 */

export interface SandboxAvailability {
  available: boolean;
  /** The bwrap binary used (when found). */
  bwrapPath: string | null;
  /** `bubblewrap 0.8.0`: asked only to explain why an installed bwrap cannot sandbox here. */
  version: string | null;
  /** Why it is unavailable: not installed, or installed but unable to create namespaces here. */
  reason: string | null;
}

let cached: SandboxAvailability | undefined;

/** `AAS_BWRAP` overrides the binary (`off` disables sandboxing, e.g. to test the fallback). */
function bwrapBinary(): string | null {
  const configured = process.env.AAS_BWRAP;
  if (configured === "off" || configured === "0" || configured === "false") return null;
  return configured && configured.length > 0 ? configured : "bwrap";
}

function firstLine(text: string): string {
  return text.trim().split("\n", 1)[0] ?? "";
}

interface ProbeResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

type Probe = (argv: readonly string[], timeoutMs: number) => ProbeResult | Promise<ProbeResult>;

function probeSync(argv: readonly string[], timeoutMs: number): ProbeResult {
  const run = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: timeoutMs });
  return { status: run.status, stdout: run.stdout ?? "", stderr: run.stderr ?? "", error: run.error };
}

function probeAsync(argv: readonly string[], timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      resolve({
        status: error ? (typeof code === "number" ? code : null) : 0,
        stdout: stdout ?? "",
        stderr: stderr ?? "",
        // A non-zero exit is a status, not a spawn failure.
        error: error && typeof code !== "number" ? error : undefined,
      });
    });
  });
}

/**
 * A trial run of the exact namespace setup used for commands (bwrap is often
 * installed but unusable inside unprivileged containers); only when it fails,
 * `bwrap --version` for the reason. One child when sandboxing works: each
 * spawn holds the event loop for several milliseconds (fork of a large
 * process), right when a client's first requests come in. Written once for
 * both the sync and the async probe.
 */
function* detect(): Generator<readonly string[], SandboxAvailability, ProbeResult> {
  const bin = bwrapBinary();
  if (bin === null) return { available: false, bwrapPath: null, version: null, reason: "sandboxing disabled by AAS_BWRAP" };
  const trialSandbox: ResolvedSandbox = {
    fullDiskWrite: false,
    writableRoots: [],
    readOnlySubpaths: [],
    networkAccess: false,
  };
  const trial = yield buildBwrapArgv(trialSandbox, "/", ["true"], bin);
  if (!trial.error && trial.status === 0) return { available: true, bwrapPath: bin, version: null, reason: null };
  const version = yield [bin, "--version"];
  if (version.error || version.status !== 0) {
    const why =
      (version.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT"
        ? `${bin} not found (install the bubblewrap package)`
        : `${bin} --version failed: ${firstLine(version.stderr) || version.error?.message || `exit ${version.status}`}`;
    return { available: false, bwrapPath: null, version: null, reason: why };
  }
  const versionText = firstLine(version.stdout) || "bubblewrap";
  const detail = firstLine(trial.stderr) || trial.error?.message || `exit ${trial.status}`;
  return {
    available: false,
    bwrapPath: bin,
    version: versionText,
    reason: `${versionText} is installed but cannot create a sandbox here: ${detail}`,
  };
}

const PROBE_TIMEOUTS = [10_000, 5_000];

/** Detects bubblewrap once per process (see `detect`); the result is cached. */
export function sandboxAvailability(): SandboxAvailability {
  if (cached) return cached;
  const steps = detect();
  let step = steps.next();
  for (let i = 0; !step.done; i++) step = steps.next(probeSync(step.value, PROBE_TIMEOUTS[i] ?? 10_000));
  cached = step.value;
  return cached;
}

let pending: Promise<SandboxAvailability> | undefined;

/** `sandboxAvailability()` without blocking the event loop (same cache). */
export function detectSandboxAvailability(): Promise<SandboxAvailability> {
  if (cached) return Promise.resolve(cached);
  pending ??= (async () => {
    const steps = detect();
    let step = steps.next();
    for (let i = 0; !step.done; i++) step = steps.next(await probeAsync(step.value, PROBE_TIMEOUTS[i] ?? 10_000));
    cached ??= step.value;
    pending = undefined;
    return cached;
  })();
  return pending;
}

/** Forgets the cached detection (tests). */
export function resetSandboxAvailabilityCache(): void {
  cached = undefined;
  pending = undefined;
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/**
 * The full argv (bwrap first) that runs `command` in `cwd` under `sandbox`.
 * Writable roots and protected subpaths that do not exist are skipped.
 */
export function buildBwrapArgv(sandbox: ResolvedSandbox, cwd: string, command: readonly string[], bin = "bwrap"): string[] {
  const argv = [bin, "--new-session", "--die-with-parent", "--unshare-pid"];
  if (!sandbox.networkAccess) argv.push("--unshare-net");
  argv.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc");
  const writable: string[] = [];
  for (const root of sandbox.writableRoots) {
    const real = realpathOrNull(root);
    if (real === null || writable.includes(real) || real.startsWith("/dev/") || real.startsWith("/proc/")) continue;
    writable.push(real);
    argv.push("--bind", real, real);
  }
  for (const sub of sandbox.readOnlySubpaths) {
    if (!existsSync(sub)) continue;
    const real = realpathOrNull(sub);
    if (real === null) continue;
    argv.push("--ro-bind", real, real);
  }
  argv.push("--chdir", path.resolve(cwd), "--", ...command);
  return argv;
}
