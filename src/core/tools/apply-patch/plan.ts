import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { unifiedDiffHunks } from "../diff.js";
import { ApplyPatchError, osErrorText } from "./error.js";
import { applyChunks } from "./match.js";
import { parsePatch, type ParsedPatch } from "./parse.js";

/*
 * Resolving a parsed patch against the files on disk, without writing
 * anything: what every touched file contains before and after.
 */

export interface PlannedChange {
  kind: "add" | "delete" | "update";
  /** Absolute path of the file the hunk names. */
  path: string;
  /** Absolute destination of a move (`*** Move to:`). */
  movePath: string | null;
  /** The paths as written in the patch, for messages. */
  displayPath: string;
  displayMovePath: string | null;
  /** Content before (null when the file did not exist). */
  oldContent: string | null;
  /** Content after (null when deleted). */
  newContent: string | null;
  /** Unified diff hunks of the change (one line of context, as the reference). */
  unifiedDiff: string;
}

export interface PatchPlan {
  cwd: string;
  changes: PlannedChange[];
}

/**
 * Resolves every hunk against the files (relative paths against `cwd`)
 * without writing. Hunks apply in order, so a later hunk sees an earlier one's
 * result. Throws `ApplyPatchError` on the first hunk that cannot apply.
 */
export async function planPatch(patch: ParsedPatch | string, options: { cwd: string }): Promise<PatchPlan> {
  const parsed = typeof patch === "string" ? parsePatch(patch) : patch;
  if (parsed.hunks.length === 0) throw new ApplyPatchError("No files were modified.", "apply");
  const cwd = path.resolve(options.cwd);
  /** Virtual filesystem: content after the hunks so far (null = deleted). */
  const state = new Map<string, string | null>();
  const current = async (abs: string, action: string, display: string): Promise<string> => {
    if (state.has(abs)) {
      const content = state.get(abs);
      if (content === null || content === undefined) throw new ApplyPatchError(`Failed to ${action} ${display}: No such file or directory`, "apply");
      return content;
    }
    try {
      const info = await stat(abs);
      if (info.isDirectory()) throw Object.assign(new Error("Is a directory"), { code: "EISDIR" });
      return await readFile(abs, "utf8");
    } catch (error) {
      throw new ApplyPatchError(`Failed to ${action} ${abs}: ${osErrorText(error)}`, "io");
    }
  };
  const existing = async (abs: string): Promise<string | null> => (state.has(abs) ? (state.get(abs) ?? null) : readIfFile(abs));

  const changes: PlannedChange[] = [];
  for (const hunk of parsed.hunks) {
    const abs = path.resolve(cwd, hunk.path);
    switch (hunk.type) {
      case "add": {
        const before = await existing(abs);
        changes.push({
          kind: "add",
          path: abs,
          movePath: null,
          displayPath: hunk.path,
          displayMovePath: null,
          oldContent: before,
          newContent: hunk.contents,
          unifiedDiff: unifiedDiffHunks(before ?? "", hunk.contents, 1),
        });
        state.set(abs, hunk.contents);
        break;
      }
      case "delete": {
        const before = await current(abs, "delete file", hunk.path);
        changes.push({
          kind: "delete",
          path: abs,
          movePath: null,
          displayPath: hunk.path,
          displayMovePath: null,
          oldContent: before,
          newContent: null,
          unifiedDiff: unifiedDiffHunks(before, "", 1),
        });
        state.set(abs, null);
        break;
      }
      case "update": {
        const before = await current(abs, "read file to update", hunk.path);
        const after = applyChunks(before, hunk.chunks, hunk.path);
        const moveAbs = hunk.movePath !== null ? path.resolve(cwd, hunk.movePath) : null;
        changes.push({
          kind: "update",
          path: abs,
          movePath: moveAbs,
          displayPath: hunk.path,
          displayMovePath: hunk.movePath,
          oldContent: before,
          newContent: after,
          unifiedDiff: unifiedDiffHunks(before, after, 1),
        });
        if (moveAbs !== null && moveAbs !== abs) {
          state.set(abs, null);
          state.set(moveAbs, after);
        } else {
          state.set(abs, after);
        }
        break;
      }
    }
  }
  return { cwd, changes };
}

/** Every absolute path the plan writes or removes. */
export function planTouchedPaths(plan: PatchPlan): string[] {
  const out = new Set<string>();
  for (const change of plan.changes) {
    out.add(change.path);
    if (change.movePath) out.add(change.movePath);
  }
  return [...out];
}

/** A regular file's text, or null when there is none at `p`. */
export async function readIfFile(p: string): Promise<string | null> {
  try {
    return (await stat(p)).isFile() ? await readFile(p, "utf8") : null;
  } catch {
    return null;
  }
}
