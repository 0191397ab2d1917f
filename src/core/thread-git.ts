import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { GitInfo } from "../protocol/thread.js";

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The git directory of the repository containing `cwd` (a `.git` dir, or the target of a `.git` file). */
function findGitDir(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, ".git");
    try {
      const stat = statSync(candidate);
      if (stat.isDirectory()) return candidate;
      if (stat.isFile()) {
        const match = /^gitdir:\s*(.+)$/m.exec(read(candidate) ?? "");
        if (match) return path.resolve(dir, match[1]!.trim());
      }
    } catch {
      // not here; go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function resolveRef(gitDir: string, commonDir: string, ref: string): string | null {
  for (const dir of [gitDir, commonDir]) {
    const loose = read(path.join(dir, ref))?.trim();
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
  }
  for (const line of (read(path.join(commonDir, "packed-refs")) ?? "").split("\n")) {
    const [sha, name] = line.trim().split(" ");
    if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  }
  return null;
}

/**
 * Git metadata of the repository holding `cwd` (commit, branch, `origin` URL),
 * read from the files under `.git` without running git; null outside a repository
 * and in one without commits.
 */
export function collectGitInfo(cwd: string): GitInfo | null {
  const gitDir = findGitDir(cwd);
  if (!gitDir) return null;
  const commonDirText = read(path.join(gitDir, "commondir"))?.trim();
  const commonDir = commonDirText ? path.resolve(gitDir, commonDirText) : gitDir;
  const head = read(path.join(gitDir, "HEAD"))?.trim() ?? "";
  let sha: string | null = null;
  let branch: string | null = null;
  const symbolic = /^ref:\s*(\S+)$/.exec(head);
  if (symbolic) {
    const ref = symbolic[1]!;
    branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : ref;
    sha = resolveRef(gitDir, commonDir, ref);
  } else if (/^[0-9a-f]{40,64}$/.test(head)) {
    sha = head;
  }
  // A repository without commits has nothing to describe yet (as the reference reports it).
  if (sha === null) return null;
  let originUrl: string | null = null;
  let inOrigin = false;
  for (const line of (read(path.join(commonDir, "config")) ?? "").split("\n")) {
    const section = /^\s*\[(.+)\]\s*$/.exec(line);
    if (section) {
      inOrigin = /^remote\s+"origin"$/.test(section[1]!.trim());
      continue;
    }
    const url = inOrigin ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
    if (url) {
      originUrl = url[1]!;
      break;
    }
  }
  return { sha, branch, originUrl };
}
