/** Real temporary git repositories for the review tests. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
      GIT_CONFIG_GLOBAL: "/dev/null",
    },
  }).trim();
}

/** A repository on branch `main` with one commit adding `app.js`. */
export function tempRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-review-repo-"));
  gitIn(dir, "init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "app.js"), "export function add(a, b) {\n  return a + b;\n}\n");
  gitIn(dir, "add", "app.js");
  gitIn(dir, "commit", "-q", "-m", "initial");
  return dir;
}

export function writeIn(dir: string, file: string, text: string): void {
  writeFileSync(path.join(dir, file), text);
}
