import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { SandboxPolicy } from "../../protocol/policy.js";
import { prepareSandboxedCommand } from "../sandbox/index.js";
import { shellEnvironment } from "./env.js";
import { HeadTailBuffer } from "./output-buffer.js";
import { exitStatus, spawnProcessGroup } from "./process.js";

/** The model's `shell` tool call arguments. */
export interface ShellToolArgs {
  command: string[];
  workdir?: string | null;
  timeout_ms?: number | null;
  /** `require_escalated`: the model asks to run outside the sandbox (also from the older `with_escalated_permissions: true`). */
  sandbox_permissions?: "use_default" | "require_escalated";
  /** Why the command needs to escape the sandbox (shown in the approval request). */
  justification?: string;
}

export interface ShellRunOptions {
  /** The turn's working directory; `workdir` is resolved against it. */
  cwd: string;
  /**
   * The directory the sandbox policy is resolved against (workspaceWrite's
   * workspace, relative writable roots); default `cwd`, never the call's
   * `workdir`, so a model cannot widen the sandbox by choosing its workdir.
   */
  sandboxCwd?: string;
  /** Sandbox for the command; a restricted policy without bwrap throws `SandboxUnavailableError`. */
  sandbox: SandboxPolicy;
  /** Timeout when the call gives no `timeout_ms` (default 10 s, as the reference). */
  timeoutMs?: number;
  /** Aborting kills the whole process group. */
  signal?: AbortSignal;
  /** Output as it arrives, stdout and stderr interleaved (for item/commandExecution/outputDelta). */
  onOutput?: (delta: string) => void;
  /** Environment of the command (default: `shellEnvironment()`, the server's minus secrets). */
  env?: Record<string, string>;
  /** Bytes kept from the start and from the end of the output (default 10 KiB each). */
  headBytes?: number;
  tailBytes?: number;
  /** Stop calling `onOutput` after this many bytes (default 1 MiB); output is still captured. */
  maxStreamBytes?: number;
}

export interface ShellResult {
  /** Exit code; 124 on timeout, 128 + signal when killed. */
  exitCode: number;
  /** stdout + stderr interleaved, capped (head and tail kept, the cut marked). */
  output: string;
  durationMs: number;
  /** Output bytes were cut from the middle. */
  truncated: boolean;
  truncatedBytes: number;
  totalBytes: number;
  timedOut: boolean;
  /** Killed because `signal` aborted. */
  aborted: boolean;
  /** Ran inside bwrap. */
  sandboxed: boolean;
  /** The text to send back to the model as the tool output. */
  modelOutput: string;
}

export const DEFAULT_SHELL_TIMEOUT_MS = 10_000;
export const DEFAULT_HEAD_BYTES = 10 * 1024;
export const DEFAULT_TAIL_BYTES = 10 * 1024;
export const TIMEOUT_EXIT_CODE = 124;

/** Validates and normalises raw tool-call arguments (the JSON the model sent). */
export function parseShellToolArgs(raw: string | unknown): ShellToolArgs {
  const value = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
  if (value === null || typeof value !== "object") throw new Error("shell arguments must be a JSON object");
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.command) || v.command.length === 0 || !v.command.every((c) => typeof c === "string")) {
    throw new Error("shell arguments: `command` must be a non-empty array of strings");
  }
  const out: ShellToolArgs = { command: v.command as string[] };
  if (typeof v.workdir === "string" && v.workdir !== "") out.workdir = v.workdir;
  if (typeof v.timeout_ms === "number" && Number.isFinite(v.timeout_ms) && v.timeout_ms > 0) out.timeout_ms = Math.floor(v.timeout_ms);
  if (v.sandbox_permissions === "require_escalated" || v.with_escalated_permissions === true) out.sandbox_permissions = "require_escalated";
  if (typeof v.justification === "string" && v.justification.trim() !== "") out.justification = v.justification;
  return out;
}

/** The working directory a call runs in. */
export function resolveWorkdir(args: ShellToolArgs, cwd: string): string {
  return args.workdir ? path.resolve(cwd, args.workdir) : path.resolve(cwd);
}

function formatModelOutput(result: Omit<ShellResult, "modelOutput">, timeoutMs: number): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  let text = `Exit code: ${result.exitCode}\nWall time: ${seconds} seconds\n`;
  if (result.truncated) {
    text += `Total output bytes: ${result.totalBytes} (${result.truncatedBytes} bytes truncated from the middle)\n`;
  }
  text += `Output:\n${result.output}`;
  if (result.timedOut) text += `${result.output.endsWith("\n") || result.output === "" ? "" : "\n"}command timed out after ${timeoutMs} milliseconds\n`;
  if (result.aborted) text += `${result.output.endsWith("\n") || result.output === "" ? "" : "\n"}command was aborted\n`;
  return text;
}

/**
 * Runs a `shell` tool call: argv (no shell unless the model asked for one) in
 * its own process group, optionally inside bwrap, with a timeout. The whole
 * group is SIGKILLed on timeout or abort, so no process it started survives.
 */
export async function runShellTool(args: ShellToolArgs, options: ShellRunOptions): Promise<ShellResult> {
  const started = Date.now();
  const workdir = resolveWorkdir(args, options.cwd);
  const timeoutMs = args.timeout_ms ?? options.timeoutMs ?? DEFAULT_SHELL_TIMEOUT_MS;
  const buffer = new HeadTailBuffer(options.headBytes ?? DEFAULT_HEAD_BYTES, options.tailBytes ?? DEFAULT_TAIL_BYTES);

  const finish = (partial: Omit<ShellResult, "modelOutput" | "durationMs" | "output" | "truncated" | "truncatedBytes" | "totalBytes">): ShellResult => {
    const result = {
      ...partial,
      durationMs: Date.now() - started,
      output: buffer.toText(),
      truncated: buffer.truncated,
      truncatedBytes: buffer.droppedBytes,
      totalBytes: buffer.totalBytes,
    };
    return { ...result, modelOutput: formatModelOutput(result, timeoutMs) };
  };

  if (!existsSync(workdir) || !statSync(workdir).isDirectory()) {
    buffer.push(Buffer.from(`working directory does not exist: ${workdir}\n`));
    return finish({ exitCode: -1, timedOut: false, aborted: false, sandboxed: false });
  }
  const prepared = prepareSandboxedCommand(args.command, options.sandbox, workdir, options.sandboxCwd ?? options.cwd);
  if (options.signal?.aborted) {
    return finish({ exitCode: -1, timedOut: false, aborted: true, sandboxed: prepared.sandboxed });
  }
  const env = { ...(options.env ?? shellEnvironment()), ...prepared.env };
  const group = spawnProcessGroup(prepared.argv, { cwd: workdir, env, stdin: "ignore" });

  const maxStream = options.maxStreamBytes ?? 1024 * 1024;
  let streamed = 0;
  const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  const onChunk = (which: "stdout" | "stderr") => (chunk: Buffer) => {
    buffer.push(chunk);
    if (options.onOutput && streamed < maxStream) {
      const slice = chunk.subarray(0, maxStream - streamed);
      streamed += slice.length;
      const text = decoders[which].write(slice);
      if (text !== "") options.onOutput(text);
    }
  };
  group.child.stdout!.on("data", onChunk("stdout"));
  group.child.stderr!.on("data", onChunk("stderr"));

  let timedOut = false;
  let aborted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    group.kill();
  }, timeoutMs);
  const onAbort = () => {
    aborted = true;
    group.kill();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const exit = await group.exited;
    if (exit.error) {
      const code = (exit.error as NodeJS.ErrnoException).code;
      buffer.push(Buffer.from(`failed to run ${args.command[0]}: ${code === "ENOENT" ? "command not found" : exit.error.message}\n`));
      return finish({ exitCode: code === "ENOENT" ? 127 : -1, timedOut: false, aborted: false, sandboxed: prepared.sandboxed });
    }
    await group.drainOutput();
    if (timedOut || aborted) group.kill();
    else group.release();
    if (options.onOutput) {
      for (const decoder of Object.values(decoders)) {
        const rest = decoder.end();
        if (rest !== "" && streamed < maxStream) options.onOutput(rest);
      }
    }
    return finish({
      exitCode: timedOut ? TIMEOUT_EXIT_CODE : exitStatus(exit),
      timedOut,
      aborted,
      sandboxed: prepared.sandboxed,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
