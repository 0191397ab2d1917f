import { spawnProcessGroup, type ProcessGroup } from "../tools/process.js";

export interface CommandRunResult {
  /** Seconds since the epoch. */
  startedAt: number;
  completedAt: number;
  durationMs: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why the command did not run to an exit status (spawn failure, timeout). */
  error: string | null;
}

/** Output past this is dropped: a hook's answer is small, a runaway one must not fill memory. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs one hook command through `/bin/sh -c` in `cwd` with `input` on stdin,
 * in its own process group so a timeout kills everything it started. Never
 * rejects: failures come back in `error`.
 */
export function runHookCommand(command: string, input: string, cwd: string, timeoutSec: number, env: NodeJS.ProcessEnv = process.env): Promise<CommandRunResult> {
  const startedMs = Date.now();
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let settled = false;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (exitCode: number | null, error: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const completedMs = Date.now();
      resolve({
        startedAt: Math.floor(startedMs / 1000),
        completedAt: Math.floor(completedMs / 1000),
        durationMs: completedMs - startedMs,
        exitCode,
        stdout,
        stderr,
        error,
      });
    };
    let group: ProcessGroup;
    try {
      // Registered like every command's group: a hook still running at shutdown is killed with the rest.
      group = spawnProcessGroup(["/bin/sh", "-c", command], { cwd, env, stdin: "pipe" });
    } catch (error) {
      finish(null, `failed to spawn hook: ${(error as Error).message}`);
      return;
    }
    const child = group.child;
    const killGroup = (): void => group.kill();
    timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      finish(null, `hook timed out after ${timeoutSec}s`);
    }, timeoutSec * 1000);
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_BYTES) stdout += chunk;
    });
    child.stderr!.on("data", (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_BYTES) stderr += chunk;
    });
    child.on("error", (error) => finish(null, `failed to spawn hook: ${error.message}`));
    child.on("close", (code) => {
      group.release();
      if (!timedOut) finish(code, null);
    });
    // A hook that does not read its input must not make the write fail loudly.
    child.stdin!.on("error", () => {});
    child.stdin!.end(input);
  });
}
