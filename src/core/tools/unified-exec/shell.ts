import { userInfo } from "node:os";
import path from "node:path";
import { findExecutable, isExecutableFile } from "../pty.js";

/**
 * Which shell runs a command and how: `<shell> -lc <cmd>` (login shell, the
 * default) or `<shell> -c <cmd>`.
 */

const KNOWN_SHELLS = new Set(["bash", "zsh", "sh", "dash", "ksh", "fish"]);

/**
 * The user's shell: the login shell of the account (passwd entry) when it is
 * a known POSIX-style shell that exists, else bash, else /bin/sh.
 */
export function defaultUserShell(): string {
  let account: string | undefined;
  try {
    account = userInfo().shell ?? undefined;
  } catch {
    account = undefined;
  }
  if (account && KNOWN_SHELLS.has(path.basename(account)) && isExecutableFile(account)) return account;
  for (const candidate of ["/bin/bash", "/usr/bin/bash", "/bin/sh"]) {
    if (isExecutableFile(candidate)) return candidate;
  }
  return "/bin/sh";
}

/** The shell a call asked for: a path as is, a bare name looked up on `PATH`. */
export function resolveShell(requested: string | undefined, fallback: string, cwd: string, envPath: string | undefined): string {
  if (requested === undefined) return fallback;
  if (requested.includes("/")) return path.resolve(cwd, requested);
  return findExecutable(requested, cwd, envPath) ?? requested;
}

/** The argv of a command run through `shell`. */
export function shellArgv(shell: string, cmd: string, login: boolean): string[] {
  return [shell, login ? "-lc" : "-c", cmd];
}
