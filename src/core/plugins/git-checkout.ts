/** `git` runs for git marketplaces, failing with the reference's texts. */
import { execFile } from "node:child_process";
import { internalError } from "../../protocol/errors.js";

/** Runs git; resolves with stdout, or rejects with `git <args> failed with status <status>` and its output (-32603). */
export function runGit(args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // A server has no one at a terminal to answer git's credential prompts.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: "0" };
    execFile("git", args, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, env }, (error, stdout, stderr) => {
      if (!error) return resolve(String(stdout));
      const status = typeof error.code === "number" ? `exit status: ${error.code}` : error.signal ? `signal: ${error.signal}` : String(error.message);
      reject(internalError(`git ${args.join(" ")} failed with status ${status}\nstdout:\n${String(stdout).trim()}\nstderr:\n${String(stderr).trim()}`));
    });
  });
}
