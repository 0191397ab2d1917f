import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../logging/logger.js";
import type {
  CommandExecOutputStream,
  CommandExecParams,
  CommandExecResizeParams,
  CommandExecResponse,
  CommandExecTerminalSize,
  CommandExecTerminateParams,
  CommandExecWriteParams,
} from "../protocol/command-exec.js";
import type { SandboxPolicy } from "../protocol/policy.js";
import { ErrorCode, RpcError, internalError, invalidRequest } from "../protocol/errors.js";
import type { ClientConnection } from "./ports.js";
import { prepareSandboxedCommand, SandboxUnavailableError } from "./sandbox/index.js";
import { exitStatus, spawnProcessGroup, trackSession } from "./tools/process.js";
import { findExecutable, loadPty, type Pty, type PtyModule } from "./tools/pty.js";

/**
 * `command/exec`: one-off commands outside any thread. Processes are keyed by
 * the calling connection and its client-chosen `processId`; closing the
 * connection (or cancelling the request, or shutting the server down) kills
 * them. The response waits for the process to exit and for its output to
 * drain, after every `command/exec/outputDelta` it caused.
 *
 * With `tty: true` the process runs in a pseudo-terminal (node-pty): stdin,
 * stdout and stderr are the terminal, its output streams as `stdout` deltas,
 * `command/exec/write` types into it, `command/exec/resize` resizes it, and
 * killing it kills its whole session.
 */

export const DEFAULT_OUTPUT_BYTES_CAP = 1024 * 1024;
export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
export const EXEC_TIMEOUT_EXIT_CODE = 124;
/** PTY size when `size` is omitted. */
export const DEFAULT_TERMINAL_SIZE: CommandExecTerminalSize = { rows: 24, cols: 80 };
/**
 * What `closeStdin` types into a PTY: a newline, then the EOF character
 * (VEOF, ^D), which a terminal in canonical mode turns into end-of-file for
 * the reader — what the reference's PTY library sends when its writer closes.
 */
const PTY_CLOSE_STDIN = Buffer.from([0x0a, 0x04]);

/** What a command/exec call needs from its connection: where output deltas go, and when it closes. */
export type ExecOwner = Pick<ClientConnection, "notify" | "signal">;

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
  readonly streamStdin: boolean;
  readonly tty: boolean;
  exited: boolean;
  stdinClosed: boolean;
  /** SIGKILLs the process group (the whole session for a PTY); idempotent. */
  kill(): void;
  /** Writes to stdin (the pipe, or the terminal); rejects once stdin is closed. */
  write(data: Buffer): Promise<void>;
  closeStdin(): void;
  /** PTY only. */
  resize?(size: CommandExecTerminalSize): void;
}

function checkTerminalSize(size: CommandExecTerminalSize): CommandExecTerminalSize {
  if (size.rows === 0 || size.cols === 0) throw invalidParams("command/exec size rows and cols must be greater than 0");
  return size;
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

/** The server's command/exec processes, by connection; one per server, built by the composition root. */
export class CommandExecManager {
  private readonly byOwner = new Map<ExecOwner, Map<string, RunningExec>>();
  private nextInternalId = 1;

  /** The connection's processes; forgotten (and killed) when it closes. */
  private processes(owner: ExecOwner): Map<string, RunningExec> {
    let map = this.byOwner.get(owner);
    if (map) return map;
    map = new Map();
    // A closed connection's request is cancelled before it spawns anything: nothing to keep.
    if (owner.signal.aborted) return map;
    this.byOwner.set(owner, map);
    const processes = map;
    owner.signal.addEventListener(
      "abort",
      () => {
        this.byOwner.delete(owner);
        for (const running of processes.values()) running.kill();
      },
      { once: true },
    );
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
    const size = tty ? checkTerminalSize(params.size ?? DEFAULT_TERMINAL_SIZE) : null;
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
    let ptyModule: PtyModule | undefined;
    if (tty) {
      try {
        ptyModule = await loadPty();
      } catch (error) {
        context.logger?.warn({ err: error }, "node-pty could not be loaded");
        throw invalidRequest(
          `command/exec tty mode is unavailable: node-pty could not be loaded (${error instanceof Error ? error.message : String(error)}); use streamStdin and streamStdoutStderr instead`,
        );
      }
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
    const cap = params.disableOutputCap ? null : (params.outputBytesCap ?? DEFAULT_OUTPUT_BYTES_CAP);
    const timeoutMs = params.disableTimeout ? null : (params.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS);
    if (ptyModule && size && clientId !== null) {
      return this.runTerminal(owner, ptyModule, { key, clientId, argv: prepared.argv, cwd, env, size, cap, timeoutMs }, processes, context);
    }

    const group = spawnProcessGroup(prepared.argv, { cwd, env, stdin: streamStdin ? "pipe" : "ignore" });
    const stdin = group.child.stdin;
    const running: RunningExec = {
      processId: key,
      streamStdin,
      tty,
      exited: false,
      stdinClosed: !streamStdin,
      kill: () => group.kill(),
      write: (data) => {
        if (running.stdinClosed || !stdin || stdin.destroyed || stdin.writableEnded) return Promise.reject(invalidRequest("stdin is already closed"));
        return new Promise<void>((resolve, reject) => {
          stdin.write(data, (error) => (error ? reject(invalidRequest("stdin is already closed")) : resolve()));
        });
      },
      closeStdin: () => {
        running.stdinClosed = true;
        stdin?.end();
      },
    };
    processes.set(key, running);
    stdin?.on("error", (error) => context.logger?.debug({ err: error, processId: clientId }, "command/exec stdin error"));

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

    let timedOut = false;
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
      await group.drainOutput();
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

  /**
   * `tty: true`: runs `spec.argv` (bwrap first when sandboxed) in a PTY.
   * Output is the terminal's, streamed as `stdout` deltas (a PTY merges
   * stderr); the response carries empty stdout/stderr. The response waits for
   * the process to exit and for the terminal's output to drain (node-pty
   * reports the exit once the master side closed, at most ~200 ms later).
   */
  private async runTerminal(
    owner: ExecOwner,
    pty: PtyModule,
    spec: {
      key: string;
      clientId: string;
      argv: string[];
      cwd: string;
      env: Record<string, string>;
      size: CommandExecTerminalSize;
      cap: number | null;
      timeoutMs: number | null;
    },
    processes: Map<string, RunningExec>,
    context: ExecContext,
  ): Promise<CommandExecResponse> {
    const [program, ...args] = spec.argv;
    if (program === undefined || findExecutable(program, spec.cwd, spec.env.PATH) === undefined) {
      throw internalError(`failed to spawn command: spawn ${program} ENOENT`);
    }
    let term: Pty;
    try {
      term = pty.spawn(program, args, { cols: spec.size.cols, rows: spec.size.rows, cwd: spec.cwd, env: spec.env, encoding: null });
    } catch (error) {
      throw internalError(`failed to spawn command: ${error instanceof Error ? error.message : String(error)}`);
    }
    const session = trackSession(term.pid);
    // node-pty rethrows read errors other than EIO unless someone else listens.
    (term as unknown as { on(event: "error", listener: (error: Error) => void): void }).on("error", (error) =>
      context.logger?.debug({ err: error, processId: spec.clientId }, "command/exec pty error"),
    );
    const running: RunningExec = {
      processId: spec.key,
      streamStdin: true,
      tty: true,
      exited: false,
      stdinClosed: false,
      kill: () => session.kill(),
      write: async (data) => {
        if (running.stdinClosed || running.exited) throw invalidRequest("stdin is already closed");
        term.write(data);
      },
      closeStdin: () => {
        if (!running.stdinClosed && !running.exited) term.write(PTY_CLOSE_STDIN);
        running.stdinClosed = true;
      },
      resize: (size) => term.resize(size.cols, size.rows),
    };
    processes.set(spec.key, running);

    const capture = new StreamCapture(spec.cap);
    term.onData((data: string | Buffer) => {
      if (capture.capReached) return;
      const chunk = typeof data === "string" ? Buffer.from(data) : data;
      const slice = capture.take(chunk);
      owner.notify("command/exec/outputDelta", {
        processId: spec.clientId,
        stream: "stdout",
        deltaBase64: slice.toString("base64"),
        capReached: capture.capReached,
      });
    });
    const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => term.onExit(resolve));

    let timedOut = false;
    const timer =
      spec.timeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            running.kill();
          }, spec.timeoutMs);
    const onAbort = () => running.kill();
    context.signal.addEventListener("abort", onAbort, { once: true });
    if (context.signal.aborted) running.kill();
    try {
      const exit = await exited;
      running.exited = true;
      if (timedOut || context.signal.aborted) running.kill();
      else session.release();
      const status = exit.signal ? 128 + exit.signal : exit.exitCode;
      return { exitCode: timedOut ? EXEC_TIMEOUT_EXIT_CODE : status, stdout: "", stderr: "" };
    } finally {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", onAbort);
      if (processes.get(spec.key) === running) processes.delete(spec.key);
    }
  }

  private lookup(owner: ExecOwner, processId: string): RunningExec {
    const running = this.byOwner.get(owner)?.get(processId);
    if (!running) throw invalidRequest(`no active command/exec for process id ${JSON.stringify(processId)}`);
    return running;
  }

  async write(owner: ExecOwner, params: CommandExecWriteParams): Promise<Record<string, never>> {
    if (params.deltaBase64 == null && !params.closeStdin) {
      throw invalidParams("command/exec/write requires deltaBase64 or closeStdin");
    }
    const delta = params.deltaBase64 != null ? decodeBase64(params.deltaBase64) : Buffer.alloc(0);
    const running = this.lookup(owner, params.processId);
    if (running.exited) throw invalidRequest(`command/exec ${JSON.stringify(params.processId)} is no longer running`);
    if (!running.streamStdin) throw invalidRequest("stdin streaming is not enabled for this command/exec");
    if (delta.length > 0) {
      if (running.stdinClosed) throw invalidRequest("stdin is already closed");
      await running.write(delta);
    }
    if (params.closeStdin && !running.stdinClosed) running.closeStdin();
    return {};
  }

  terminate(owner: ExecOwner, params: CommandExecTerminateParams): Record<string, never> {
    const running = this.lookup(owner, params.processId);
    if (running.exited) throw invalidRequest(`command/exec ${JSON.stringify(params.processId)} is no longer running`);
    running.kill();
    return {};
  }

  resize(owner: ExecOwner, params: CommandExecResizeParams): Record<string, never> {
    const size = checkTerminalSize(params.size);
    const running = this.lookup(owner, params.processId);
    if (!running.tty || !running.resize) {
      throw invalidRequest(`failed to resize PTY: command/exec ${JSON.stringify(params.processId)} was not started with tty`);
    }
    if (running.exited) throw invalidRequest(`command/exec ${JSON.stringify(params.processId)} is no longer running`);
    try {
      running.resize(size);
    } catch (error) {
      throw invalidRequest(`failed to resize PTY: ${error instanceof Error ? error.message : String(error)}`);
    }
    return {};
  }
}
