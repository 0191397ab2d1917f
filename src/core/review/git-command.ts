import { execFile } from "node:child_process";

export interface GitResult {
  ok: boolean;
  stdout: string;
}

/** Longest a single git probe may take: a review must never hang on a wedged repository. */
const GIT_TIMEOUT_MS = 15_000;

/** Runs `git args` in `cwd`; never rejects (a missing git binary reads as a failed command). */
export function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      "git",
      args,
      { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } },
      (error, stdout) => resolve({ ok: !error, stdout: String(stdout) }),
    );
  });
}
