import type { Logger } from "../logging/logger.js";
import { exitStatus, spawnProcessGroup, trackSession } from "./tools/process.js";
import { findExecutable, spawnTerminal, type Pty, type PtyModule } from "./tools/pty.js";

/**
 * One launched client process (`command/exec` and `process/spawn` share it):
 * spawned as its own process group on pipes, or in a pseudo-terminal (then
 * its whole session), with per-stream output capture under a byte cap, a
 * timeout, and the controls clients drive (write stdin, close stdin, resize,
 * kill). What each protocol family answers around it stays with the caller.
 */

export const EXEC_TIMEOUT_EXIT_CODE = 124;

export type OutputStream = "stdout" | "stderr";

export interface TerminalSize {
  rows: number;
  cols: number;
}

/**
 * What `closeStdin` types into a PTY: a newline, then the EOF character
 * (VEOF, ^D), which a terminal in canonical mode turns into end-of-file for
 * the reader — what the reference's PTY library sends when its writer closes.
 */
const PTY_CLOSE_STDIN = Buffer.from([0x0a, 0x04]);

export interface LaunchSpec {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Run in a PTY of this size (node-pty module already loaded); stdin and output then stream. */
  terminal?: { pty: PtyModule; size: TerminalSize };
  /** Pipe stdin (otherwise it reads /dev/null). */
  streamStdin: boolean;
  /** Per-stream byte cap; `null` for none. */
  cap: number | null;
  /** Kill after this long (exit code 124); `null` for never. */
  timeoutMs: number | null;
  /** Aborting kills the process. */
  signal: AbortSignal;
  /**
   * Receives the output (within the cap) as it arrives, instead of capturing
   * it; `capReached` is true on a stream's last chunk when the cap cut it.
   */
  onOutput?: (stream: OutputStream, chunk: Buffer, capReached: boolean) => void;
  logger?: Logger;
}

export interface LaunchOutcome {
  exitCode: number;
  /** Captured text (empty for streamed output). */
  stdout: string;
  stderr: string;
  stdoutCapReached: boolean;
  stderrCapReached: boolean;
  /** The output pipes were still open when the post-exit drain deadline passed. */
  outputDrainTimedOut: boolean;
}

export interface LaunchedProcess {
  readonly tty: boolean;
  readonly streamStdin: boolean;
  /** The process itself has exited (its output may still be draining). */
  readonly exited: boolean;
  readonly stdinClosed: boolean;
  /** Resolves once the process exited and its output drained. */
  readonly finished: Promise<LaunchOutcome>;
  /** SIGKILLs the process group (the whole session for a PTY); idempotent. */
  kill(): void;
  /** Writes to stdin (the pipe, or the terminal); rejects with `StdinClosedError` once stdin is closed. */
  write(data: Buffer): Promise<void>;
  closeStdin(): void;
  /** PTY only. */
  resize?(size: TerminalSize): void;
}

/** The process could not be started; `code` is the errno name (`ENOENT`...) when there is one. */
export class LaunchError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class StdinClosedError extends Error {
  constructor() {
    super("stdin is already closed");
  }
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

/** Kills the process after `timeoutMs` and when `signal` aborts; `dispose` stops both. */
function watchLifetime(spec: LaunchSpec, kill: () => void): { timedOut(): boolean; dispose(): void } {
  let timedOut = false;
  const timer =
    spec.timeoutMs === null
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          kill();
        }, spec.timeoutMs);
  spec.signal.addEventListener("abort", kill, { once: true });
  if (spec.signal.aborted) kill();
  return {
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      spec.signal.removeEventListener("abort", kill);
    },
  };
}

/**
 * Starts `spec`. A process that started is returned at once (callers register
 * it before any later request of theirs runs); one that could not start
 * comes back as `failed`, which resolves with the reason (Node reports it
 * asynchronously).
 */
export type Launch = { process: LaunchedProcess } | { failed: Promise<LaunchError> };

export function launchProcess(spec: LaunchSpec): Launch {
  return spec.terminal ? launchTerminal(spec, spec.terminal) : launchPiped(spec);
}

function launchPiped(spec: LaunchSpec): Launch {
  const group = spawnProcessGroup(spec.argv, { cwd: spec.cwd, env: spec.env, stdin: spec.streamStdin ? "pipe" : "ignore" });
  if (group.pid === undefined) {
    return {
      failed: group.exited.then((exit) => {
        const error = exit.error as NodeJS.ErrnoException | undefined;
        return new LaunchError(error?.message ?? "spawn failed", typeof error?.code === "string" ? error.code : undefined);
      }),
    };
  }
  const stdin = group.child.stdin;
  stdin?.on("error", (error) => spec.logger?.debug({ err: error }, "process stdin error"));
  const captures = { stdout: new StreamCapture(spec.cap), stderr: new StreamCapture(spec.cap) };
  const onData = (stream: OutputStream) => (chunk: Buffer) => {
    const capture = captures[stream];
    if (capture.capReached) return;
    const slice = capture.take(chunk);
    if (spec.onOutput) spec.onOutput(stream, slice, capture.capReached);
    else capture.keep(slice);
  };
  group.child.stdout!.on("data", onData("stdout"));
  group.child.stderr!.on("data", onData("stderr"));

  const state = { exited: false, stdinClosed: !spec.streamStdin };
  const lifetime = watchLifetime(spec, () => group.kill());
  const finished = (async (): Promise<LaunchOutcome> => {
    try {
      const exit = await group.exited;
      state.exited = true;
      const outputDrainTimedOut = await group.drainOutput();
      if (lifetime.timedOut() || spec.signal.aborted) group.kill();
      else group.release();
      return {
        exitCode: lifetime.timedOut() ? EXEC_TIMEOUT_EXIT_CODE : exitStatus(exit),
        stdout: captures.stdout.text(),
        stderr: captures.stderr.text(),
        stdoutCapReached: captures.stdout.capReached,
        stderrCapReached: captures.stderr.capReached,
        outputDrainTimedOut,
      };
    } finally {
      lifetime.dispose();
      stdin?.destroy();
    }
  })();
  const process: LaunchedProcess = {
    tty: false,
    streamStdin: spec.streamStdin,
    get exited() {
      return state.exited;
    },
    get stdinClosed() {
      return state.stdinClosed;
    },
    finished,
    kill: () => group.kill(),
    write: (data) => {
      if (state.stdinClosed || !stdin || stdin.destroyed || stdin.writableEnded) return Promise.reject(new StdinClosedError());
      return new Promise<void>((resolve, reject) => {
        stdin.write(data, (error) => (error ? reject(new StdinClosedError()) : resolve()));
      });
    },
    closeStdin: () => {
      state.stdinClosed = true;
      stdin?.end();
    },
  };
  return { process };
}

/**
 * In a PTY, output is the terminal's, reported as `stdout` (a PTY merges
 * stderr); the exit is reported once the master side closed, so the
 * output has drained by then (`spawnTerminal`).
 */
function launchTerminal(spec: LaunchSpec, terminal: { pty: PtyModule; size: TerminalSize }): Launch {
  const [program, ...args] = spec.argv;
  if (program === undefined || findExecutable(program, spec.cwd, spec.env.PATH) === undefined) {
    return { failed: Promise.resolve(new LaunchError(`spawn ${program} ENOENT`, "ENOENT")) };
  }
  let term: Pty;
  try {
    term = spawnTerminal(terminal.pty, program, args, {
      cols: terminal.size.cols,
      rows: terminal.size.rows,
      cwd: spec.cwd,
      env: spec.env,
      encoding: null,
    });
  } catch (error) {
    return { failed: Promise.resolve(new LaunchError(error instanceof Error ? error.message : String(error), undefined)) };
  }
  const session = trackSession(term.pid);
  // node-pty rethrows read errors other than EIO unless someone else listens.
  (term as unknown as { on(event: "error", listener: (error: Error) => void): void }).on("error", (error) =>
    spec.logger?.debug({ err: error }, "pty error"),
  );
  const state = { exited: false, stdinClosed: false };
  const capture = new StreamCapture(spec.cap);
  term.onData((data: string | Buffer) => {
    if (capture.capReached) return;
    const slice = capture.take(typeof data === "string" ? Buffer.from(data) : data);
    if (spec.onOutput) spec.onOutput("stdout", slice, capture.capReached);
    else capture.keep(slice);
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => term.onExit(resolve));
  const lifetime = watchLifetime(spec, () => session.kill());
  const finished = (async (): Promise<LaunchOutcome> => {
    try {
      const exit = await exited;
      state.exited = true;
      if (lifetime.timedOut() || spec.signal.aborted) session.kill();
      else session.release();
      const status = exit.signal ? 128 + exit.signal : exit.exitCode;
      return {
        exitCode: lifetime.timedOut() ? EXEC_TIMEOUT_EXIT_CODE : status,
        stdout: spec.onOutput ? "" : capture.text(),
        stderr: "",
        stdoutCapReached: capture.capReached,
        stderrCapReached: false,
        outputDrainTimedOut: false,
      };
    } finally {
      lifetime.dispose();
    }
  })();
  const process: LaunchedProcess = {
    tty: true,
    streamStdin: true,
    get exited() {
      return state.exited;
    },
    get stdinClosed() {
      return state.stdinClosed;
    },
    finished,
    kill: () => session.kill(),
    write: async (data) => {
      if (state.stdinClosed || state.exited) throw new StdinClosedError();
      term.write(data);
    },
    closeStdin: () => {
      if (!state.stdinClosed && !state.exited) term.write(PTY_CLOSE_STDIN);
      state.stdinClosed = true;
    },
    resize: (size) => term.resize(size.cols, size.rows),
  };
  return { process };
}

/**
 * Launched processes by the connection that started them, under its own ids:
 * a connection's processes are forgotten and killed when it closes (its
 * `signal` aborts); a connection already closed gets a map nobody keeps.
 */
export class ProcessesByOwner<Owner extends { readonly signal: AbortSignal }> {
  private readonly byOwner = new Map<Owner, Map<string, LaunchedProcess>>();

  of(owner: Owner): Map<string, LaunchedProcess> {
    let processes = this.byOwner.get(owner);
    if (processes) return processes;
    processes = new Map();
    if (owner.signal.aborted) return processes;
    this.byOwner.set(owner, processes);
    const owned = processes;
    owner.signal.addEventListener(
      "abort",
      () => {
        this.byOwner.delete(owner);
        for (const running of owned.values()) running.kill();
      },
      { once: true },
    );
    return processes;
  }

  find(owner: Owner, id: string): LaunchedProcess | undefined {
    return this.byOwner.get(owner)?.get(id);
  }
}
