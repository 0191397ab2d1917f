import { existsSync } from "node:fs";
import path from "node:path";

/** `dir` and its ancestors, nearest first. */
function selfAndAncestors(dir: string): string[] {
  const chain: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    chain.push(current);
    if (path.dirname(current) === current) return chain;
  }
}

/** The nearest of `dir` and its ancestors holding one of `markers` (a repository's `.git` by default). */
export function nearestProjectRoot(dir: string, markers: readonly string[] = [".git"]): string | undefined {
  return selfAndAncestors(dir).find((candidate) => markers.some((marker) => existsSync(path.join(candidate, marker))));
}

/**
 * The folders from the project root (the nearest ancestor holding a marker)
 * down to `dir`; `dir` alone when none holds one, or when there are no markers.
 */
export function dirsFromProjectRoot(dir: string, markers: readonly string[] = [".git"]): string[] {
  const ancestors = selfAndAncestors(dir);
  const rootIndex = markers.length === 0 ? 0 : ancestors.findIndex((candidate) => markers.some((marker) => existsSync(path.join(candidate, marker))));
  return ancestors.slice(0, rootIndex < 0 ? 1 : rootIndex + 1).reverse();
}
