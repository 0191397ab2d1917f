import { accessSync, constants as fsConstants, statSync } from "node:fs";
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
