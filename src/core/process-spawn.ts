import { existsSync, statSync } from "node:fs";
import type { Logger } from "../logging/logger.js";
import { ErrorCode, RpcError, internalError, invalidRequest } from "../protocol/errors.js";
import type {
  ProcessKillParams,
  ProcessResizePtyParams,
  ProcessSpawnParams,
  ProcessTerminalSize,
  ProcessWriteStdinParams,
} from "../protocol/process.js";
import { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_OUTPUT_BYTES_CAP, DEFAULT_TERMINAL_SIZE } from "./command-exec.js";
import type { ClientConnection } from "./ports.js";
import { launchProcess, ProcessesByOwner, StdinClosedError, type LaunchedProcess, type LaunchError } from "./process-launch.js";
import { loadPty } from "./tools/pty.js";
import { absolutePath } from "./workspace/absolute-path.js";
import { osErrorText } from "./workspace/io-error.js";
import { decodeStrictBase64 } from "./workspace/strict-base64.js";

/**
 * `process/spawn` and its controls: like `command/exec`, but unsandboxed,
 * answered as soon as the process started, and finished by a
 * `process/exited` notification (after every `process/outputDelta`). The
 * client picks each process's handle, unique among the connection's running
 * processes; closing the connection kills them.
 */

/** What a process needs from its connection: where its notifications go, and when it closes. */
export type ProcessOwner = Pick<ClientConnection, "notify" | "signal">;

export interface SpawnContext {
  /** Base environment (before the request's `env` overrides). */
  env: Record<string, string>;
  logger?: Logger;
}

function invalidParams(message: string): RpcError {
  return new RpcError(ErrorCode.invalidParams, message);
}

function checkTerminalSize(size: ProcessTerminalSize): ProcessTerminalSize {
  if (size.rows === 0 || size.cols === 0) throw invalidParams("process size rows and cols must be greater than 0");
  return size;
}

function spawnFailure(reason: LaunchError | string): RpcError {
  const text = typeof reason === "string" ? reason : (osErrorText(reason.code) ?? reason.message);
  return internalError(`failed to spawn process: ${text}`);
}

export class ProcessManager {
  private readonly owned = new ProcessesByOwner<ProcessOwner>();

  /** Starts `params` for `owner`; resolves once it runs. Its output and exit reach `owner` as notifications. */
  async spawn(owner: ProcessOwner, params: ProcessSpawnParams, context: SpawnContext): Promise<Record<string, never>> {
    const cwd = absolutePath(params.cwd);
    if (params.command.length === 0) throw invalidRequest("command must not be empty");
    const handle = params.processHandle;
    if (handle.length === 0) throw invalidRequest("processHandle must not be empty");
    const tty = params.tty === true;
    if (params.size != null && !tty) throw invalidParams("process/spawn size requires tty: true");
    if (params.timeoutMs != null && params.timeoutMs < 0) {
      throw invalidParams(`process/spawn timeoutMs must be non-negative, got ${params.timeoutMs}`);
    }
    const size = tty ? checkTerminalSize(params.size ?? DEFAULT_TERMINAL_SIZE) : null;
    const env = { ...context.env };
    for (const [name, value] of Object.entries(params.env ?? {})) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    let terminal;
    if (size) {
      try {
        terminal = { pty: await loadPty(), size };
      } catch (error) {
        throw spawnFailure(`node-pty could not be loaded (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    const processes = this.owned.of(owner);
    if (processes.has(handle)) throw invalidRequest(`duplicate active process handle: ${JSON.stringify(handle)}`);
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw spawnFailure(osErrorText("ENOENT")!);

    const streamOutput = tty || params.streamStdoutStderr === true;
    const launch = launchProcess({
      argv: params.command,
      cwd,
      env,
      terminal,
      streamStdin: tty || params.streamStdin === true,
      cap: params.outputBytesCap === undefined ? DEFAULT_OUTPUT_BYTES_CAP : params.outputBytesCap,
      timeoutMs: params.timeoutMs === undefined ? DEFAULT_EXEC_TIMEOUT_MS : params.timeoutMs,
      signal: owner.signal,
      onOutput: streamOutput
        ? (stream, chunk, capReached) =>
            owner.notify("process/outputDelta", { processHandle: handle, stream, deltaBase64: chunk.toString("base64"), capReached })
        : undefined,
      logger: context.logger,
    });
    if ("failed" in launch) throw spawnFailure(await launch.failed);
    const launched = launch.process;
    processes.set(handle, launched);
    void launched.finished.then(
      (outcome) => {
        owner.notify("process/exited", {
          processHandle: handle,
          exitCode: outcome.exitCode,
          outputDrainTimedOut: outcome.outputDrainTimedOut,
          stdout: outcome.stdout,
          stdoutCapReached: outcome.stdoutCapReached,
          stderr: outcome.stderr,
          stderrCapReached: outcome.stderrCapReached,
        });
        if (processes.get(handle) === launched) processes.delete(handle);
      },
      (error: unknown) => {
        context.logger?.error({ err: error, processHandle: handle }, "process/spawn monitoring failed");
        if (processes.get(handle) === launched) processes.delete(handle);
      },
    );
    return {};
  }

  /** A registered process that has not exited yet. */
  private running(owner: ProcessOwner, handle: string): LaunchedProcess {
    const launched = this.owned.find(owner, handle);
    if (!launched) throw invalidRequest(`no active process for process handle ${JSON.stringify(handle)}`);
    if (launched.exited) throw invalidRequest(`process ${JSON.stringify(handle)} is no longer running`);
    return launched;
  }

  async writeStdin(owner: ProcessOwner, params: ProcessWriteStdinParams): Promise<Record<string, never>> {
    if (params.deltaBase64 == null && !params.closeStdin) {
      throw invalidParams("process/writeStdin requires deltaBase64 or closeStdin");
    }
    let delta: Buffer = Buffer.alloc(0);
    if (params.deltaBase64 != null) {
      const decoded = decodeStrictBase64(params.deltaBase64);
      if ("error" in decoded) throw invalidParams(`invalid deltaBase64: ${decoded.error}`);
      delta = decoded.bytes;
    }
    const launched = this.running(owner, params.processHandle);
    if (!launched.streamStdin) throw invalidRequest("stdin streaming is not enabled for this process");
    if (delta.length > 0) {
      await launched.write(delta).catch((error: unknown) => {
        throw error instanceof StdinClosedError ? invalidRequest(error.message) : error;
      });
    }
    if (params.closeStdin && !launched.stdinClosed) launched.closeStdin();
    return {};
  }

  kill(owner: ProcessOwner, params: ProcessKillParams): Record<string, never> {
    this.running(owner, params.processHandle).kill();
    return {};
  }

  resizePty(owner: ProcessOwner, params: ProcessResizePtyParams): Record<string, never> {
    const size = checkTerminalSize(params.size);
    const launched = this.running(owner, params.processHandle);
    if (!launched.resize) throw invalidRequest("failed to resize PTY: process is not attached to a PTY");
    try {
      launched.resize(size);
    } catch (error) {
      throw invalidRequest(`failed to resize PTY: ${error instanceof Error ? error.message : String(error)}`);
    }
    return {};
  }
}
