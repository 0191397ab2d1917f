import { exitStatus, spawnProcessGroup, trackSession } from "../process.js";
import { findExecutable, spawnTerminal, type PtyModule } from "../pty.js";
import { PTY_SIZE, TRAILING_OUTPUT_GRACE_MS } from "./constants.js";

/**
 * One command of a unified exec session, on pipes (stdin closed, stdout and
 * stderr merged in arrival order) or in a pseudo-terminal (node-pty; the
 * terminal echoes input and ends lines with \r\n). Either way the command
 * leads its own process group / session, so `kill()` ends everything it
 * started.
 */
export interface ExecProcess {
  readonly pid: number;
  readonly tty: boolean;
  /** Every output chunk, in order. */
  onOutput(listener: (chunk: Buffer) => void): void;
  /** Resolves with the exit status (code, or 128 + signal) once the command exited and its output drained. */
  readonly exited: Promise<number>;
  /** Types into the terminal; rejects for pipe processes (their stdin is closed). */
  write(data: string): void;
  /** SIGKILLs the whole group / session; idempotent. */
  kill(): void;
}

export class ExecSpawnError extends Error {}

export interface SpawnSpec {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
}

function checkProgram(spec: SpawnSpec): void {
  const program = spec.argv[0];
  if (program === undefined || program === "") throw new ExecSpawnError("command line is empty");
  if (findExecutable(program, spec.cwd, spec.env.PATH) === undefined) {
    throw new ExecSpawnError(`${program}: No such file or directory (os error 2)`);
  }
}

class Listeners {
  private readonly listeners: Array<(chunk: Buffer) => void> = [];
  add(listener: (chunk: Buffer) => void): void {
    this.listeners.push(listener);
  }
  emit(chunk: Buffer): void {
    for (const listener of this.listeners) listener(chunk);
  }
}

export function spawnPipeProcess(spec: SpawnSpec): ExecProcess {
  checkProgram(spec);
  const group = spawnProcessGroup(spec.argv, { cwd: spec.cwd, env: spec.env, stdin: "ignore" });
  if (group.pid === undefined) throw new ExecSpawnError(`failed to spawn ${spec.argv[0]}`);
  const listeners = new Listeners();
  group.child.stdout!.on("data", (chunk: Buffer) => listeners.emit(chunk));
  group.child.stderr!.on("data", (chunk: Buffer) => listeners.emit(chunk));
  let killed = false;
  const exited = (async () => {
    const exit = await group.exited;
    // Processes the command left in the background may hold the pipes open: wait only briefly.
    await group.drainOutput(TRAILING_OUTPUT_GRACE_MS);
    if (!killed) group.release();
    return exit.error ? -1 : exitStatus(exit);
  })();
  return {
    pid: group.pid,
    tty: false,
    onOutput: (listener) => listeners.add(listener),
    exited,
    write() {
      throw new Error("stdin is closed");
    },
    kill() {
      killed = true;
      group.kill();
    },
  };
}

export function spawnPtyProcess(pty: PtyModule, spec: SpawnSpec): ExecProcess {
  checkProgram(spec);
  const [program, ...args] = spec.argv;
  let term;
  try {
    term = spawnTerminal(pty, program!, args, { cols: PTY_SIZE.cols, rows: PTY_SIZE.rows, cwd: spec.cwd, env: spec.env, encoding: null });
  } catch (error) {
    throw new ExecSpawnError(error instanceof Error ? error.message : String(error));
  }
  const session = trackSession(term.pid);
  // node-pty rethrows read errors other than EIO unless someone listens.
  (term as unknown as { on(event: "error", listener: (error: Error) => void): void }).on("error", () => {});
  const listeners = new Listeners();
  term.onData((data: string | Buffer) => listeners.emit(typeof data === "string" ? Buffer.from(data) : data));
  let done = false;
  let killed = false;
  const exited = new Promise<number>((resolve) =>
    term.onExit(({ exitCode, signal }) => {
      done = true;
      if (!killed) session.release();
      resolve(signal ? 128 + signal : exitCode);
    }),
  );
  return {
    pid: term.pid,
    tty: true,
    onOutput: (listener) => listeners.add(listener),
    exited,
    write(data) {
      if (done) throw new Error("the process has exited");
      term.write(data);
    },
    kill() {
      killed = true;
      session.kill();
    },
  };
}
