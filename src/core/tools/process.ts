import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { constants as osConstants } from "node:os";

/**
 * Child processes run as the leader of their own process group (spawned
 * detached), so the whole tree they start can be killed at once. Every live
 * group is remembered; all are SIGKILLed when this process exits.
 */

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pgid of liveGroups) killProcessGroup(pgid);
    liveGroups.clear();
    for (const sid of liveSessions) killSession(sid);
    liveSessions.clear();
  });
}

/** Session leaders (PTY processes) whose whole session is killed when this process exits. */
const liveSessions = new Set<number>();

/**
 * SIGKILLs every process of session `sid` (a PTY process and everything it
 * started, including jobs an interactive shell moved to their own process
 * groups): the group first, then, on Linux, each remaining member found in
 * `/proc` (field 6 of `/proc/PID/stat`).
 */
export function killSession(sid: number): void {
  killProcessGroup(sid);
  if (process.platform !== "linux") return;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[0] is the state; pgrp is fields[2], session fields[3].
      if (Number(fields[3]) === sid) process.kill(Number(entry), "SIGKILL");
    } catch {
      // Gone meanwhile, or not ours.
    }
  }
}

/**
 * Tracks a session leader spawned elsewhere (node-pty forks its own children):
 * its session is killed when this process exits unless released first.
 */
export function trackSession(sid: number): { kill(): void; release(): void } {
  installExitHook();
  liveSessions.add(sid);
  return {
    kill() {
      killSession(sid);
      liveSessions.delete(sid);
    },
    release() {
      liveSessions.delete(sid);
    },
  };
}

/** SIGKILLs (or `signal`s) process group `pgid`; a group that is already gone is fine. */
export function killProcessGroup(pgid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") {
      try {
        process.kill(pgid, signal);
      } catch {
        // Already gone.
      }
    }
  }
}

export interface SpawnGroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `pipe` for streaming stdin; `ignore` reads /dev/null. */
  stdin: "pipe" | "ignore";
}

export interface ProcessGroup {
  readonly child: ChildProcess;
  /** The leader's pid (= the process group id); undefined when spawning failed. */
  readonly pid: number | undefined;
  /** Resolves once the leader exited (or failed to spawn). */
  readonly exited: Promise<ProcessExit>;
  /** SIGKILLs the whole group (idempotent). */
  kill(): void;
  /** Forgets the group without killing it (its leader ended normally and its output is drained). */
  release(): void;
  /**
   * Waits (at most `timeoutMs`) for stdout and stderr to close, then closes
   * them: processes the command left in the background may hold the pipes.
   * Resolves true when the deadline passed with a pipe still open.
   */
  drainOutput(timeoutMs?: number): Promise<boolean>;
}

/** How long output may keep flowing after the command exits (background processes holding the pipes). */
export const IO_DRAIN_TIMEOUT_MS = 2_000;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Spawn failure (e.g. ENOENT for a missing program). */
  error?: Error;
}

export function spawnProcessGroup(argv: readonly string[], options: SpawnGroupOptions): ProcessGroup {
  installExitHook();
  const [program, ...args] = argv;
  if (program === undefined) throw new Error("command must not be empty");
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin, "pipe", "pipe"],
    detached: true,
    windowsHide: true,
  });
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);
  let settled = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("exit", (code, signal) => {
      if (settled) return;
      settled = true;
      resolve({ code, signal });
    });
    child.on("error", (error) => {
      // 'error' also fires for a failed kill/send; only a spawn failure (no pid) ends the process.
      if (settled || child.pid !== undefined) return;
      settled = true;
      resolve({ code: null, signal: null, error });
    });
  });
  const outputClosed = Promise.all(
    [child.stdout!, child.stderr!].map((stream) => new Promise<void>((resolve) => stream.once("close", () => resolve()))),
  );
  return {
    child,
    pid,
    exited,
    async drainOutput(timeoutMs = IO_DRAIN_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        outputClosed.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
      ]);
      clearTimeout(timer);
      child.stdout!.destroy();
      child.stderr!.destroy();
      return timedOut;
    },
    kill() {
      if (pid === undefined) return;
      killProcessGroup(pid);
      liveGroups.delete(pid);
    },
    release() {
      if (pid !== undefined) liveGroups.delete(pid);
    },
  };
}

/** Shell-style exit status: the code, or 128 + signal number when killed by a signal. */
export function exitStatus(exit: ProcessExit): number {
  if (exit.code !== null) return exit.code;
  if (exit.signal) {
    const number = (osConstants.signals as Record<string, number>)[exit.signal];
    return number !== undefined ? 128 + number : -1;
  }
  return -1;
}

/** True while `pid` exists and is not a zombie (Linux `/proc`; elsewhere `kill(pid, 0)`). */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    if (process.platform === "linux") return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
