/**
 * The `apply_patch` tool: `parsePatch` checks the syntax (parse.ts);
 * `planPatch` resolves every chunk against the files on disk without writing
 * anything (plan.ts, matching in match.ts); `commitPatchPlan` writes all files
 * (each through a temp file + rename) or, if a write fails, restores what it
 * already wrote (apply.ts). `applyPatch` does all three. diff.ts renders the
 * changes as diffs.
 */
export { applyPatch, commitPatchPlan, patchSummary, type ApplyPatchResult } from "./apply.js";
export { fileUpdateChanges, gitStyleFileDiff, planUnifiedDiff } from "./diff.js";
export { ApplyPatchError } from "./error.js";
export { extractApplyPatchInvocation } from "./invocation.js";
export { applyChunks, seekSequence } from "./match.js";
export { parsePatch, type ParsedPatch, type PatchHunk, type UpdateChunk } from "./parse.js";
export { planPatch, planTouchedPaths, readIfFile, type PatchPlan, type PlannedChange } from "./plan.js";
