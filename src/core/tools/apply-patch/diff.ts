import path from "node:path";
import type { FileUpdateChange } from "../../../protocol/item.js";
import { unifiedDiffHunks } from "../diff.js";
import type { PatchPlan } from "./plan.js";

/* What a planned patch changes, as diffs: per file for the protocol, and git-style for `turn/diff/updated`. */

/** Protocol `FileUpdateChange`s for the plan, sorted by path (as the reference). */
export function fileUpdateChanges(plan: PatchPlan): FileUpdateChange[] {
  const out: FileUpdateChange[] = plan.changes.map((change) => {
    switch (change.kind) {
      case "add":
        return { path: change.path, kind: { type: "add" }, diff: change.newContent ?? "" };
      case "delete":
        return { path: change.path, kind: { type: "delete" }, diff: change.oldContent ?? "" };
      case "update":
        return {
          path: change.path,
          kind: { type: "update", move_path: change.movePath },
          diff: change.movePath !== null ? `${change.unifiedDiff}\n\nMoved to: ${change.movePath}` : change.unifiedDiff,
        };
    }
  });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function gitPath(abs: string, root: string): string {
  const rel = path.relative(root, abs);
  return rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel.split(path.sep).join("/");
}

/**
 * A git-style unified diff of one file's change (`diff --git a/x b/x`,
 * `new file mode` / `deleted file mode` / rename headers, 3 lines of context),
 * paths relative to `root` when inside it. `""` when nothing changed.
 */
export function gitStyleFileDiff(oldPath: string | null, newPath: string | null, before: string | null, after: string | null, root: string): string {
  const a = oldPath !== null ? gitPath(oldPath, root) : null;
  const b = newPath !== null ? gitPath(newPath, root) : null;
  const hunks = unifiedDiffHunks(before ?? "", after ?? "", 3);
  const renamed = a !== null && b !== null && a !== b;
  if (hunks === "" && !renamed && (before === null) === (after === null)) return "";
  const left = a ?? b!;
  const right = b ?? a!;
  let out = `diff --git a/${left} b/${right}\n`;
  if (before === null) out += "new file mode 100644\n";
  else if (after === null) out += "deleted file mode 100644\n";
  if (renamed) out += `rename from ${a}\nrename to ${b}\n`;
  if (hunks !== "") {
    out += `--- ${before === null ? "/dev/null" : `a/${left}`}\n`;
    out += `+++ ${after === null ? "/dev/null" : `b/${right}`}\n`;
    out += hunks;
  }
  return out;
}

/** The whole plan as one git-style diff (before → after of every touched file). */
export function planUnifiedDiff(plan: PatchPlan, root = plan.cwd): string {
  const parts: string[] = [];
  for (const change of plan.changes) {
    const target = change.movePath ?? change.path;
    parts.push(
      gitStyleFileDiff(change.kind === "add" ? null : change.path, change.kind === "delete" ? null : target, change.kind === "add" ? null : change.oldContent, change.newContent, root),
    );
  }
  return parts.join("");
}
