import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../logging/logger.js";
import type {
  CommandExecOutputStream,
  CommandExecParams,
  CommandExecResizeParams,
  CommandExecResponse,
  CommandExecTerminateParams,
  CommandExecWriteParams,
} from "../protocol/command-exec.js";
import type { SandboxPolicy } from "../protocol/policy.js";
import { ErrorCode, RpcError, internalError, invalidRequest } from "../server/errors.js";
import { prepareSandboxedCommand, SandboxUnavailableError } from "./sandbox/index.js";
import { exitStatus, spawnProcessGroup, type ProcessGroup } from "./tools/process.js";

/**
 * `command/exec`: one-off commands outside any thread. Processes are keyed by
 * the calling connection and its client-chosen `processId`; closing the
 * connection (or cancelling the request, or shutting the server down) kills
 * them. The response waits for the process to exit and for its output to
 * drain, after every `command/exec/outputDelta` it caused.
 */

export const DEFAULT_OUTPUT_BYTES_CAP = 1024 * 1024;
export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
export const EXEC_TIMEOUT_EXIT_CODE = 124;
export const IO_DRAIN_TIMEOUT_MS = 2_000;

/** What a command/exec call needs from its connection (a `Session` satisfies it). */
export interface ExecOwner {
  notify(method: "command/exec/outputDelta", params: { processId: string; stream: CommandExecOutputStream; deltaBase64: string; capReached: boolean }): void;
}

export interface ExecContext {
  /** Directory relative `cwd`s resolve against, and the workspace of a workspaceWrite policy. */
  serverCwd: string;
  /** Used when the request has no `sandboxPolicy`. */
  defaultPolicy: SandboxPolicy;
  /** Base environment (before the request's `env` overrides). */
  env: Record<string, string>;
  /** Aborting kills the process (connection closed, request cancelled, shutdown). */
  signal: AbortSignal;
  logger?: Logger;
}

interface RunningExec {
  readonly processId: string;
  readonly group: ProcessGroup;
  readonly streamStdin: boolean;
  readonly tty: boolean;
  exited: boolean;
  stdinClosed: boolean;
}

function invalidParams(message: string): RpcError {
  return new RpcError(ErrorCode.invalidParams, message);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string): Buffer {
  if (!BASE64.test(text)) throw invalidParams("invalid deltaBase64: not valid standard base64");
  return Buffer.from(text, "base64");
}

/** Per-stream capture with an optional byte cap. */
class StreamCapture {
  private readonly chunks: Buffer[] = [];
  private observed = 0;
  capReached = false;

  constructor(private readonly cap: number | null) {}

  /** The part of `chunk` within the cap (empty once the cap is reached). */
  take(chunk: Buffer): Buffer {
    if (this.cap === null) return chunk;
    if (this.capReached) return chunk.subarray(0, 0);
    const room = Math.max(0, this.cap - this.observed);
    const slice = chunk.subarray(0, Math.min(room, chunk.length));
    this.observed += slice.length;
    if (this.observed >= this.cap) this.capReached = true;
    return slice;
  }

  keep(slice: Buffer): void {
    this.chunks.push(slice);
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

export class CommandExecManager {
  private readonly byOwner = new WeakMap<object, Map<string, RunningExec>>();
  private nextInternalId = 1;

  private processes(owner: object): Map<string, RunningExec> {
    let map = this.byOwner.get(owner);
    if (!map) {
      map = new Map();
      this.byOwner.set(owner, map);
    }
    return map;
  }

  /** Runs `params` for `owner`; resolves with the response once the process exited and its output drained. */
  async run(owner: ExecOwner, params: CommandExecParams, context: ExecContext): Promise<CommandExecResponse> {
    if (params.command.length === 0) throw invalidRequest("command must not be empty");
    if (params.sandboxPolicy != null && params.permissionProfile != null) {
      throw invalidRequest("`permissionProfile` cannot be combined with `sandboxPolicy`");
    }
    if (params.permissionProfile != null) {
      throw invalidRequest("invalid permission profile: permission profiles are not supported by this server; use sandboxPolicy");
    }
    const tty = params.tty === true;
    if (params.size != null && !tty) throw invalidParams("command/exec size requires tty: true");
    if (params.disableOutputCap && params.outputBytesCap != null) {
      throw invalidParams("command/exec cannot set both outputBytesCap and disableOutputCap");
    }
    if (params.disableTimeout && params.timeoutMs != null) {
      throw invalidParams("command/exec cannot set both timeoutMs and disableTimeout");
    }
    if (params.timeoutMs != null && params.timeoutMs < 0) {
      throw invalidParams(`command/exec timeoutMs must be non-negative, got ${params.timeoutMs}`);
    }
    const streamStdin = tty || params.streamStdin === true;
    const streamOutput = tty || params.streamStdoutStderr === true;
    const clientId = params.processId ?? null;
    if (clientId === null && (tty || streamStdin || streamOutput)) {
      throw invalidRequest("command/exec tty or streaming requires a client-supplied processId");
    }
    if (tty) {
      throw invalidRequest(
        "command/exec tty mode is not supported by this server (it has no PTY support); use streamStdin and streamStdoutStderr instead",
      );
    }
    const key = clientId ?? `internal:${this.nextInternalId++}`;
    const processes = this.processes(owner);
    if (processes.has(key)) throw invalidRequest(`duplicate active command/exec process id: ${JSON.stringify(clientId)}`);

    const cwd = params.cwd != null ? path.resolve(context.serverCwd, params.cwd) : context.serverCwd;
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw internalError(`failed to spawn command: working directory does not exist: ${cwd}`);
    }
    const policy = params.sandboxPolicy ?? context.defaultPolicy;
    let prepared;
    try {
      prepared = prepareSandboxedCommand(params.command, policy, cwd, context.serverCwd);
    } catch (error) {
      if (error instanceof SandboxUnavailableError) {
        throw invalidRequest(
          `${error.message}. Install bubblewrap, or pass sandboxPolicy {"type":"dangerFullAccess"} to run without a sandbox.`,
        );
      }
      throw error;
    }
    const env: Record<string, string> = { ...context.env, ...prepared.env };
    for (const [name, value] of Object.entries(params.env ?? {})) {
      if (value === null) delete env[name];
      else env[name] = value;
    }

    if (context.signal.aborted) throw invalidRequest("command/exec was cancelled");
    const group = spawnProcessGroup(prepared.argv, { cwd, env, stdin: streamStdin ? "pipe" : "ignore" });
    const running: RunningExec = { processId: key, group, streamStdin, tty, exited: false, stdinClosed: !streamStdin };
    processes.set(key, running);
    group.child.stdin?.on("error", (error) => context.logger?.debug({ err: error, processId: clientId }, "command/exec stdin error"));

    const cap = params.disableOutputCap ? null : (params.outputBytesCap ?? DEFAULT_OUTPUT_BYTES_CAP);
    const captures = { stdout: new StreamCapture(cap), stderr: new StreamCapture(cap) };
    const onData = (stream: CommandExecOutputStream) => (chunk: Buffer) => {
      const capture = captures[stream];
      if (capture.capReached) return;
      const slice = capture.take(chunk);
      if (streamOutput && clientId !== null) {
        owner.notify("command/exec/outputDelta", {
          processId: clientId,
          stream,
          deltaBase64: slice.toString("base64"),
          capReached: capture.capReached,
        });
      } else {
        capture.keep(slice);
      }
    };
    group.child.stdout!.on("data", onData("stdout"));
    group.child.stderr!.on("data", onData("stderr"));
    const streamsClosed = Promise.all(
      [group.child.stdout!, group.child.stderr!].map((s) => new Promise<void>((resolve) => s.once("close", () => resolve()))),
    );

    let timedOut = false;
    const timeoutMs = params.disableTimeout ? null : (params.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS);
    const timer =
      timeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            group.kill();
          }, timeoutMs);
    const onAbort = () => group.kill();
    context.signal.addEventListener("abort", onAbort, { once: true });
    try {
      const exit = await group.exited;
      running.exited = true;
      if (exit.error) throw internalError(`failed to spawn command: ${exit.error.message}`);
      let drainTimer: NodeJS.Timeout | undefined;
      await Promise.race([streamsClosed, new Promise<void>((resolve) => (drainTimer = setTimeout(resolve, IO_DRAIN_TIMEOUT_MS)))]);
      clearTimeout(drainTimer);
      group.child.stdout!.destroy();
      group.child.stderr!.destroy();
      if (timedOut || context.signal.aborted) group.kill();
      else group.release();
      return {
        exitCode: timedOut ? EXEC_TIMEOUT_EXIT_CODE : exitStatus(exit),
        stdout: captures.stdout.text(),
        stderr: captures.stderr.text(),
      };
    } finally {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", onAbort);
      group.child.stdin?.destroy();
      if (processes.get(key) === running) processes.delete(key);
    }
  }

  private lookup(owner: object, processId: string): RunningExec {
    const running = this.byOwner.get(owner)?.get(processId);
    if (!running) throw invalidRequest(`no active command/exec for process id ${JSON.stringify(processId)}`);
    return running;
  }

  async write(owner: object, params: CommandExecWriteParams): Promise<Record<string, never>> {
    if (params.deltaBase64 == null && !params.closeStdin) {
      throw invalidParams("command/exec/write requires deltaBase64 or closeStdin");
    }
    const delta = params.deltaBase64 != null ? decodeBase64(params.deltaBase64) : Buffer.alloc(0);
    const running = this.lookup(owner, params.processId);
    if (running.exited) throw invalidRequest(`command/exec ${JSON.stringify(params.processId)} is no longer running`);
    if (!running.streamStdin) throw invalidRequest("stdin streaming is not enabled for this command/exec");
    const stdin = running.group.child.stdin;
    if (delta.length > 0) {
      if (running.stdinClosed || !stdin || stdin.destroyed || stdin.writableEnded) throw invalidRequest("stdin is already closed");
      await new Promise<void>((resolve, reject) => {
        stdin.write(delta, (error) => (error ? reject(invalidRequest("stdin is already closed")) : resolve()));
      });
    }
    if (params.closeStdin && !running.stdinClosed) {
      running.stdinClosed = true;
      stdin?.end();
    }
    return {};
  }

  terminate(owner: object, params: CommandExecTerminateParams): Record<string, never> {
    const running = this.lookup(owner, params.processId);
    if (running.exited) throw invalidRequest(`command/exec ${JSON.stringify(params.processId)} is no longer running`);
    running.group.kill();
    return {};
  }

  resize(owner: object, params: CommandExecResizeParams): Record<string, never> {
    if (params.size.rows === 0 || params.size.cols === 0) {
      throw invalidParams("command/exec size rows and cols must be greater than 0");
    }
    const running = this.lookup(owner, params.processId);
    if (!running.tty) {
      throw invalidRequest(`failed to resize PTY: command/exec ${JSON.stringify(params.processId)} was not started with tty`);
    }
    return {};
  }

  /** Kills every process `owner` started (connection closed). */
  killAll(owner: object): void {
    const processes = this.byOwner.get(owner);
    if (!processes) return;
    for (const running of processes.values()) running.group.kill();
  }
}

/** The process-wide manager (processes are still scoped per connection). */
export const commandExecManager = new CommandExecManager();
