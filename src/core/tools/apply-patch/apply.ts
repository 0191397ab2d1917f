import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileUpdateChange } from "../../../protocol/item.js";
import { fileUpdateChanges, planUnifiedDiff } from "./diff.js";
import { ApplyPatchError, ioErrorText } from "./error.js";
import type { ParsedPatch } from "./parse.js";
import { planPatch, readIfFile, type PatchPlan } from "./plan.js";

/*
 * Writing a plan to the file system: all files or none, moves included.
 */

/** Final state per path: the content to write (null: remove) and the content before; `before` is undefined when not known yet (a move destination), to be read from disk. */
type FinalState = { before: string | null | undefined; after: string | null };

function finalStates(plan: PatchPlan): Map<string, FinalState> {
  const states = new Map<string, FinalState>();
  const touch = (p: string, before: string | null | undefined) => {
    if (!states.has(p)) states.set(p, { before, after: before ?? null });
  };
  for (const change of plan.changes) {
    touch(change.path, change.oldContent);
    if (change.movePath && change.movePath !== change.path) {
      // The destination's original content is unknown here; read lazily in commit.
      touch(change.movePath, undefined);
      states.get(change.path)!.after = null;
      states.get(change.movePath)!.after = change.newContent;
    } else {
      states.get(change.path)!.after = change.newContent;
    }
  }
  return states;
}

async function fileMode(p: string): Promise<number | null> {
  try {
    return (await stat(p)).mode & 0o7777;
  } catch {
    return null;
  }
}

function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Writes the plan: all new contents go to temp files first, then are renamed
 * into place, then removed files are deleted. If anything fails, files
 * already replaced or removed are restored and the error is rethrown as an
 * `ApplyPatchError`.
 */
export async function commitPatchPlan(plan: PatchPlan): Promise<void> {
  const states = finalStates(plan);
  for (const [p, s] of states) {
    if (s.before === undefined) s.before = await readIfFile(p);
  }
  const temps: Array<{ target: string; temp: string }> = [];
  const done: Array<{ target: string; before: string | null | undefined; mode: number | null }> = [];
  try {
    // 1. Stage new contents next to their targets.
    for (const [target, s] of states) {
      if (s.after === null) continue;
      await mkdir(path.dirname(target), { recursive: true });
      const temp = tempNameFor(target);
      const mode = await fileMode(target);
      await writeFile(temp, s.after, { encoding: "utf8", mode: mode ?? 0o644 });
      if (mode !== null) await chmod(temp, mode);
      temps.push({ target, temp });
    }
    // 2. Swap them in.
    while (temps.length > 0) {
      const { target, temp } = temps[0]!;
      const s = states.get(target)!;
      const mode = await fileMode(target);
      await rename(temp, target);
      temps.shift();
      done.push({ target, before: s.before, mode });
    }
    // 3. Remove deleted / moved-away files.
    for (const [target, s] of states) {
      if (s.after !== null || s.before === null || s.before === undefined) continue;
      const mode = await fileMode(target);
      await unlink(target);
      done.push({ target, before: s.before, mode });
    }
  } catch (error) {
    for (const { temp } of temps) await rm(temp, { force: true }).catch(() => undefined);
    for (const { target, before, mode } of done.reverse()) {
      try {
        if (before === null || before === undefined) await rm(target, { force: true });
        else await writeFile(target, before, { encoding: "utf8", mode: mode ?? 0o644 });
      } catch {
        // Best effort.
      }
    }
    throw new ApplyPatchError(`Failed to write patch changes: ${ioErrorText(error)}`, "io");
  }
}

/** The success text the model sees, as the reference's `apply_patch` prints it. */
export function patchSummary(plan: PatchPlan): string {
  let out = "Success. Updated the following files:\n";
  for (const change of plan.changes) {
    if (change.kind === "add") out += `A ${change.displayPath}\n`;
    else if (change.kind === "delete") out += `D ${change.displayPath}\n`;
    else out += `M ${change.displayMovePath ?? change.displayPath}\n`;
  }
  return out;
}

export interface ApplyPatchResult {
  success: boolean;
  /** Text for the model: the summary, or what went wrong. */
  output: string;
  /** The changes (empty when the patch failed to parse or verify). */
  changes: FileUpdateChange[];
  /** Git-style diff of the whole patch. */
  unifiedDiff: string;
  plan: PatchPlan | null;
  error: ApplyPatchError | null;
}

/**
 * Parses, verifies and (unless `dryRun`) writes a patch. Never throws for a
 * bad patch: failures come back as `success: false` with `output` explaining
 * why, and then nothing on disk has changed.
 */
export async function applyPatch(input: string | ParsedPatch, options: { cwd: string; dryRun?: boolean }): Promise<ApplyPatchResult> {
  let plan: PatchPlan | null = null;
  try {
    plan = await planPatch(input, { cwd: options.cwd });
    if (!options.dryRun) await commitPatchPlan(plan);
    return {
      success: true,
      output: patchSummary(plan),
      changes: fileUpdateChanges(plan),
      unifiedDiff: planUnifiedDiff(plan),
      plan,
      error: null,
    };
  } catch (error) {
    const e = error instanceof ApplyPatchError ? error : new ApplyPatchError(ioErrorText(error), "io");
    return {
      success: false,
      output: e.kind === "parse" ? e.message : `apply_patch verification failed: ${e.message}`,
      changes: plan ? fileUpdateChanges(plan) : [],
      unifiedDiff: plan ? planUnifiedDiff(plan) : "",
      plan,
      error: e,
    };
  }
}

