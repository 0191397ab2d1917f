import { accessSync, constants as fsConstants, readSync, statSync } from "node:fs";
import path from "node:path";
import type * as NodePty from "node-pty";

/**
 * Pseudo-terminals for `command/exec` with `tty: true`, through node-pty
 * (a native addon). It is loaded on first use, off the startup path; a
 * missing or broken build only disables tty mode.
 *
 * node-pty forks the child with `forkpty(3)`: the child is a session leader
 * (pid = process group id = session id) whose controlling terminal is the
 * pty, so its stdin, stdout and stderr are the terminal and its output
 * arrives merged on the master side.
 */

export type PtyModule = typeof NodePty;
export type Pty = NodePty.IPty;

let loading: Promise<PtyModule> | undefined;

/** The parts of node-pty's Unix terminal that `spawnTerminal` reaches into. */
interface TerminalInternals {
  _fd?: unknown;
  _socket?: { destroyed?: boolean; destroy?: (...args: unknown[]) => unknown; push?: (chunk: Buffer) => boolean };
}

const DRAIN_CHUNK_BYTES = 64 * 1024;

/**
 * `pty.spawn`, with the child's last output never lost. node-pty reports an
 * exit only after the master side closed, but closes it itself 200 ms after
 * the exit if it has not closed by then (a macOS workaround). On a loaded
 * Linux machine the kernel may not have passed the child's last writes to the
 * master by then, and they were dropped. Before that close we read out what
 * is left: once the terminal's other side is closed, a read waits for the
 * kernel's pending flush, then returns the data, then EIO. A read that would
 * block (something still holds the terminal open) ends the drain, as before.
 */
export function spawnTerminal(pty: PtyModule, file: string, args: string[], options: NodePty.IPtyForkOptions): Pty {
  const term = pty.spawn(file, args, options);
  const internals = term as unknown as TerminalInternals;
  const socket = internals._socket;
  const fd = internals._fd;
  if (typeof fd !== "number" || !socket || typeof socket.destroy !== "function" || typeof socket.push !== "function") return term;
  const destroy = socket.destroy.bind(socket);
  const push = socket.push.bind(socket);
  socket.destroy = (...args: unknown[]) => {
    if (!socket.destroyed) drainInto(fd, push);
    return destroy(...args);
  };
  return term;
}

function drainInto(fd: number, push: (chunk: Buffer) => boolean): void {
  for (;;) {
    const chunk = Buffer.allocUnsafe(DRAIN_CHUNK_BYTES);
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch {
      return; // EAGAIN: nothing more yet; EIO: the other side is closed and empty
    }
    if (read <= 0) return;
    push(chunk.subarray(0, read));
  }
}

/** node-pty, loaded once (rejects when the addon cannot be loaded). */
export function loadPty(): Promise<PtyModule> {
  loading ??= import("node-pty").then((mod) => {
    // A CommonJS module: the named exports may only be on `default`.
    const api = (typeof (mod as Partial<PtyModule>).spawn === "function" ? mod : (mod as { default: PtyModule }).default) as PtyModule;
    if (typeof api?.spawn !== "function") throw new Error("node-pty has no spawn()");
    return api;
  });
  return loading;
}

/** Whether `file` is a regular file this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `program` can be executed as `execvp(3)` would find it (a path, or a
 * name on `PATH`). node-pty reports a failed exec only as exit status 1 with a
 * message on the terminal, so the caller checks first and fails the request
 * as for a pipe spawn.
 */
export function findExecutable(program: string, cwd: string, envPath: string | undefined): string | undefined {
  if (program.includes("/")) {
    const file = path.resolve(cwd, program);
    return isExecutableFile(file) ? file : undefined;
  }
  for (const dir of (envPath ?? "/usr/local/bin:/usr/bin:/bin").split(path.delimiter)) {
    const file = path.resolve(cwd, dir === "" ? "." : dir, program);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}
