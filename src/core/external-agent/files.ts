/** File-system helpers the external-agent migration shares. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { nearestProjectRoot } from "../../util/project-root.js";
import { rewriteExternalAgentTerms } from "./documents.js";

/** A migration problem about the data found (bad JSON, bad TOML...), as opposed to an I/O failure. */
export class InvalidMigrationData extends Error {}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function isNonEmptyTextFile(file: string): boolean {
  return isFile(file) && readFileSync(file, "utf8").trim() !== "";
}

/** Absent, or a file holding only whitespace: a target the migration may write. */
export function isMissingOrEmptyTextFile(file: string): boolean {
  if (!existsSync(file)) return true;
  if (!isFile(file)) return false;
  return readFileSync(file, "utf8").trim() === "";
}

/**
 * The repository a cwd belongs to: the nearest ancestor with a `.git`, else
 * the cwd itself; null for an empty or missing path (as the reference does).
 */
export function findRepoRoot(cwd: string | null | undefined): string | null {
  if (!cwd) return null;
  let current = path.resolve(cwd);
  if (!existsSync(current)) return null;
  if (isFile(current)) current = path.dirname(current);
  return nearestProjectRoot(current) ?? current;
}

export function subdirectoryNames(dir: string): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Source subfolders the target does not have yet, sorted. */
export function missingSubdirectories(source: string, target: string): string[] {
  const present = new Set(subdirectoryNames(target));
  return subdirectoryNames(source).filter((name) => !present.has(name));
}

/** Copies a text file with the other agent's names replaced by Codex's. */
export function rewriteAndCopyTextFile(source: string, target: string): void {
  writeFileSync(target, rewriteExternalAgentTerms(readFileSync(source, "utf8")));
}

/** Copies a folder; `SKILL.md` files are rewritten on the way. */
export function copyDirRewritingSkills(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) copyDirRewritingSkills(from, to);
    else if (entry.isFile()) {
      if (entry.name.toLowerCase() === "skill.md") rewriteAndCopyTextFile(from, to);
      else copyFileSync(from, to);
    }
  }
}

/** Copies a folder, leaving files that already exist in the target alone. */
export function copyDirSkipExisting(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) copyDirSkipExisting(from, to);
    else if (entry.isFile() && !existsSync(to)) copyFileSync(from, to);
  }
}

/** Parses a JSON file; null when it is not a file. Bad JSON is `InvalidMigrationData`. */
export function readJsonFile(file: string, what?: string): unknown {
  if (!isFile(file)) return null;
  const raw = readFileSync(file, "utf8");
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    const reason = (error as Error).message;
    throw new InvalidMigrationData(what ? `${what}: ${reason}` : reason);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
