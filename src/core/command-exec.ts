import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../logging/logger.js";
import type {
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
import { launchProcess, ProcessesByOwner, StdinClosedError, type LaunchedProcess } from "./process-launch.js";
import { loadPty, type PtyModule } from "./tools/pty.js";

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
/** PTY size when `size` is omitted. */
export const DEFAULT_TERMINAL_SIZE: CommandExecTerminalSize = { rows: 24, cols: 80 };

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

/** The server's command/exec processes, by connection; one per server, built by the composition root. */
export class CommandExecManager {
  private readonly owned = new ProcessesByOwner<ExecOwner>();
  private nextInternalId = 1;

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
    const processes = this.owned.of(owner);
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
    const terminal = ptyModule && size ? { pty: ptyModule, size } : undefined;
    const launch = launchProcess({
      argv: prepared.argv,
      cwd,
      env,
      terminal,
      streamStdin,
      cap: params.disableOutputCap ? null : (params.outputBytesCap ?? DEFAULT_OUTPUT_BYTES_CAP),
      timeoutMs: params.disableTimeout ? null : (params.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS),
      signal: context.signal,
      onOutput:
        streamOutput && clientId !== null
          ? (stream, chunk, capReached) =>
              owner.notify("command/exec/outputDelta", {
                processId: clientId,
                stream,
                deltaBase64: chunk.toString("base64"),
                capReached,
              })
          : undefined,
      logger: context.logger,
    });
    if ("failed" in launch) throw internalError(`failed to spawn command: ${(await launch.failed).message}`);
    const launched = launch.process;
    processes.set(key, launched);
    try {
      const outcome = await launched.finished;
      return { exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
    } finally {
      if (processes.get(key) === launched) processes.delete(key);
    }
  }

  private lookup(owner: ExecOwner, processId: string): LaunchedProcess {
    const running = this.owned.find(owner, processId);
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
      await running.write(delta).catch((error: unknown) => {
        throw error instanceof StdinClosedError ? invalidRequest(error.message) : error;
      });
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
