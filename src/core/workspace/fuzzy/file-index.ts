import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import { nearestProjectRoot } from "../../../util/project-root.js";
import { IgnoreRules, isIgnored } from "./gitignore.js";

/** Walking stops here: a picker over more entries than this is not useful, and memory stays bounded. */
export const MAX_INDEXED_ENTRIES = 2_000_000;
/** The walk gives the event loop back this often (ms), so requests and cancellation keep flowing. */
const WALK_SLICE_MS = 8;

/**
 * The entries (files and directories) under some roots, as flat arrays:
 * walked once per search or session, then matched per query. Once sorted,
 * entry order is path order, so ties between equal scores are settled by
 * comparing entry numbers.
 */
export class FileIndex {
  readonly roots: string[] = [];
  /** Path relative to its root, `/`-separated. */
  paths: string[] = [];
  /** `paths`, case-folded position by position (same length). */
  folded: string[] = [];
  rootOf: number[] = [];
  isDirectory: boolean[] = [];
  /** Where the last component of each path starts. */
  fileNameStart: number[] = [];

  /** Puts the entries in path order (code unit order). */
  sortByPath(): void {
    const paths = this.paths;
    const order = paths.map((_, i) => i).sort((a, b) => (paths[a]! < paths[b]! ? -1 : paths[a]! > paths[b]! ? 1 : a - b));
    const permute = <T>(values: T[]) => order.map((i) => values[i]!);
    this.paths = permute(this.paths);
    this.folded = permute(this.folded);
    this.rootOf = permute(this.rootOf);
    this.isDirectory = permute(this.isDirectory);
    this.fileNameStart = permute(this.fileNameStart);
  }

  get size(): number {
    return this.paths.length;
  }

  add(root: number, relativePath: string, directory: boolean): void {
    this.paths.push(relativePath);
    this.folded.push(foldCase(relativePath));
    this.rootOf.push(root);
    this.isDirectory.push(directory);
    this.fileNameStart.push(relativePath.lastIndexOf("/") + 1);
  }
}

/** Lower-cases without changing the length (indices into the folded text are indices into the original). */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = "";
  for (const c of text) {
    const l = c.toLowerCase();
    out += l.length === c.length ? l : c;
  }
  return out;
}

interface PendingDirectory {
  absolute: string;
  relative: string;
  /** Resolved path, to refuse symlinks that lead back into an ancestor. */
  real: string;
  ignores: readonly IgnoreRules[];
}

/**
 * Walks `roots` into an index as the reference's walker does: hidden entries
 * included, symlinks followed (loops cut), `.gitignore` honoured inside git
 * repositories and `.ignore` everywhere. A missing or unreadable root
 * contributes nothing. Resolves early (with what it has) when `signal` aborts.
 */
export async function buildIndex(roots: readonly string[], signal: AbortSignal): Promise<FileIndex> {
  const index = new FileIndex();
  await walkRoots(index, roots, signal);
  if (!signal.aborted) index.sortByPath();
  return index;
}

async function walkRoots(index: FileIndex, roots: readonly string[], signal: AbortSignal): Promise<void> {
  for (const root of roots) {
    const rootIndex = index.roots.push(root) - 1;
    let real: string;
    try {
      if (!statSync(root).isDirectory()) continue;
      real = realpathSync(root);
    } catch {
      continue;
    }
    const inGitRepository = nearestProjectRoot(real) !== undefined;
    const rootIgnores = readIgnoreFiles(root, "", inGitRepository, []);
    const gitExclude = inGitRepository ? readRules(path.join(root, ".git", "info", "exclude"), "") : null;
    const stack: PendingDirectory[] = [
      { absolute: root, relative: "", real, ignores: gitExclude ? [gitExclude, ...rootIgnores] : rootIgnores },
    ];
    let sliceStart = Date.now();
    while (stack.length > 0) {
      if (signal.aborted || index.size >= MAX_INDEXED_ENTRIES) return;
      if (Date.now() - sliceStart >= WALK_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
      const directory = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(directory.absolute, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const name = entry.name;
        const absolute = path.join(directory.absolute, name);
        const relative = directory.relative === "" ? name : `${directory.relative}/${name}`;
        let isDirectory = entry.isDirectory();
        let real = `${directory.real}/${name}`;
        if (entry.isSymbolicLink()) {
          try {
            isDirectory = statSync(absolute).isDirectory();
            if (isDirectory) {
              real = realpathSync(absolute);
              // A link back into the walk's own ancestry would loop forever.
              if (directory.real === real || directory.real.startsWith(`${real}/`)) continue;
            }
          } catch {
            continue;
          }
        }
        if (isIgnored(directory.ignores, relative, name, isDirectory)) continue;
        index.add(rootIndex, relative, isDirectory);
        if (isDirectory) {
          const ignores = readIgnoreFiles(absolute, relative, inGitRepository, directory.ignores);
          stack.push({ absolute, relative, real, ignores });
        }
      }
    }
  }
}


function readIgnoreFiles(
  absolute: string,
  relative: string,
  inGitRepository: boolean,
  inherited: readonly IgnoreRules[],
): readonly IgnoreRules[] {
  const found: IgnoreRules[] = [];
  if (inGitRepository) {
    const rules = readRules(path.join(absolute, ".gitignore"), relative);
    if (rules) found.push(rules);
  }
  const rules = readRules(path.join(absolute, ".ignore"), relative);
  if (rules) found.push(rules);
  return found.length === 0 ? inherited : [...inherited, ...found];
}

function readRules(file: string, base: string): IgnoreRules | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  return IgnoreRules.parse(base, text);
}
