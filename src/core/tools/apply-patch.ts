import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, unlink, writeFile, chmod } from "node:fs/promises";
import path from "node:path";
import type { FileUpdateChange } from "../../protocol/item.js";
import { unifiedDiffHunks } from "./diff.js";

/**
 * The Codex `apply_patch` format:
 *
 *   *** Begin Patch
 *   *** Add File: <path>          followed by `+line`s
 *   *** Delete File: <path>
 *   *** Update File: <path>
 *   *** Move to: <path>           optional, right after Update File
 *   @@ [context header]           chunks of ` ctx`, `-old`, `+new` lines,
 *   *** End of File               optionally anchoring the chunk at the end
 *   *** End Patch
 *
 * `parsePatch` checks the syntax; `planPatch` resolves every chunk against
 * the files on disk without writing anything; `commitPatchPlan` writes all
 * files (each through a temp file + rename) or, if a write fails, restores
 * what it already wrote. `applyPatch` does all three.
 */

export interface UpdateChunk {
  /** `@@ <context>`: a line the chunk must come after (a function or class header). */
  changeContext: string | null;
  oldLines: string[];
  newLines: string[];
  /** `*** End of File`: the old lines must be at the end of the file. */
  isEndOfFile: boolean;
}

export type PatchHunk =
  | { type: "add"; path: string; contents: string }
  | { type: "delete"; path: string }
  | { type: "update"; path: string; movePath: string | null; chunks: UpdateChunk[] };

export interface ParsedPatch {
  hunks: PatchHunk[];
  /** The patch text between (and including) the Begin/End markers. */
  text: string;
}

/** A patch that cannot be parsed or applied; `message` is meant for the model. */
export class ApplyPatchError extends Error {
  constructor(
    message: string,
    readonly kind: "parse" | "apply" | "io",
  ) {
    super(message);
    this.name = "ApplyPatchError";
  }
}

const BEGIN = "*** Begin Patch";
const END = "*** End Patch";
const ADD = "*** Add File: ";
const DELETE = "*** Delete File: ";
const UPDATE = "*** Update File: ";
const MOVE = "*** Move to: ";
const EOF_MARKER = "*** End of File";

function invalidPatch(message: string): ApplyPatchError {
  return new ApplyPatchError(`invalid patch: ${message}`, "parse");
}
function invalidHunk(message: string, lineNumber: number): ApplyPatchError {
  return new ApplyPatchError(`invalid hunk at line ${lineNumber}, ${message}`, "parse");
}

function checkBoundaries(lines: string[]): void {
  const first = lines[0]?.trim();
  const last = lines.at(-1)?.trim();
  if (first !== BEGIN) throw invalidPatch("The first line of the patch must be '*** Begin Patch'");
  if (lines.length < 2 || last !== END) throw invalidPatch("The last line of the patch must be '*** End Patch'");
}

/** Parses patch text; throws `ApplyPatchError` (kind `parse`) with the reference's messages. */
export function parsePatch(text: string): ParsedPatch {
  let lines = text.trim().split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  try {
    checkBoundaries(lines);
  } catch (error) {
    // Lenient: a heredoc wrapper (`<<'EOF'` ... `EOF`) around the patch.
    const first = lines[0];
    if (lines.length >= 4 && (first === "<<EOF" || first === "<<'EOF'" || first === '<<"EOF"') && lines.at(-1)!.endsWith("EOF")) {
      lines = lines.slice(1, -1);
      checkBoundaries(lines);
    } else {
      throw error;
    }
  }
  const body = lines.slice(1, -1);
  const hunks: PatchHunk[] = [];
  let index = 0;
  let lineNumber = 2;
  while (index < body.length) {
    const { hunk, consumed } = parseOneHunk(body.slice(index), lineNumber);
    hunks.push(hunk);
    index += consumed;
    lineNumber += consumed;
  }
  return { hunks, text: lines.join("\n") };
}

function parseOneHunk(lines: string[], lineNumber: number): { hunk: PatchHunk; consumed: number } {
  const first = lines[0]!.trim();
  if (first.startsWith(ADD)) {
    let contents = "";
    let consumed = 1;
    for (const line of lines.slice(1)) {
      if (!line.startsWith("+")) break;
      contents += `${line.slice(1)}\n`;
      consumed++;
    }
    return { hunk: { type: "add", path: first.slice(ADD.length), contents }, consumed };
  }
  if (first.startsWith(DELETE)) {
    return { hunk: { type: "delete", path: first.slice(DELETE.length) }, consumed: 1 };
  }
  if (first.startsWith(UPDATE)) {
    const filePath = first.slice(UPDATE.length);
    let consumed = 1;
    let rest = lines.slice(1);
    let movePath: string | null = null;
    if (rest[0]?.trim().startsWith(MOVE)) {
      movePath = rest[0].trim().slice(MOVE.length);
      rest = rest.slice(1);
      consumed++;
    }
    const chunks: UpdateChunk[] = [];
    while (rest.length > 0) {
      if (rest[0]!.trim() === "") {
        rest = rest.slice(1);
        consumed++;
        continue;
      }
      if (rest[0]!.startsWith("*")) break;
      const { chunk, consumed: used } = parseUpdateChunk(rest, lineNumber + consumed, chunks.length === 0);
      chunks.push(chunk);
      rest = rest.slice(used);
      consumed += used;
    }
    if (chunks.length === 0) throw invalidHunk(`Update file hunk for path '${filePath}' is empty`, lineNumber);
    return { hunk: { type: "update", path: filePath, movePath, chunks }, consumed };
  }
  throw invalidHunk(
    `'${first}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'`,
    lineNumber,
  );
}

function parseUpdateChunk(lines: string[], lineNumber: number, allowMissingContext: boolean): { chunk: UpdateChunk; consumed: number } {
  let start = 0;
  let changeContext: string | null = null;
  const header = lines[0]!.trim();
  if (header === "@@") {
    start = 1;
  } else if (header.startsWith("@@ ")) {
    changeContext = header.slice(3);
    start = 1;
  } else if (!allowMissingContext) {
    throw invalidHunk(`Expected update hunk to start with a @@ context marker, got: '${lines[0]}'`, lineNumber);
  }
  if (start >= lines.length) throw invalidHunk("Update hunk does not contain any lines", lineNumber + 1);
  const chunk: UpdateChunk = { changeContext, oldLines: [], newLines: [], isEndOfFile: false };
  let parsed = 0;
  for (const line of lines.slice(start)) {
    if (line.trim() === EOF_MARKER) {
      if (parsed === 0) throw invalidHunk("Update hunk does not contain any lines", lineNumber + 1);
      chunk.isEndOfFile = true;
      parsed++;
      break;
    }
    const marker = line[0];
    if (marker === undefined) {
      chunk.oldLines.push("");
      chunk.newLines.push("");
    } else if (marker === " ") {
      chunk.oldLines.push(line.slice(1));
      chunk.newLines.push(line.slice(1));
    } else if (marker === "+") {
      chunk.newLines.push(line.slice(1));
    } else if (marker === "-") {
      chunk.oldLines.push(line.slice(1));
    } else {
      if (parsed === 0) {
        throw invalidHunk(
          `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)`,
          lineNumber + 1,
        );
      }
      break;
    }
    parsed++;
  }
  return { chunk, consumed: parsed + start };
}

// ---------------------------------------------------------------------------
// Matching chunks against file contents

const PUNCTUATION: Record<string, string> = {
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
  "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'",
  "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u201F": '"',
  "\u00A0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ",
  "\u2008": " ", "\u2009": " ", "\u200A": " ", "\u202F": " ", "\u205F": " ", "\u3000": " ",
};

function normalisePunctuation(s: string): string {
  return s.trim().replace(/[\u2010-\u2015\u2212\u2018-\u201F\u00A0\u2002-\u200A\u202F\u205F\u3000]/g, (c) => PUNCTUATION[c] ?? c);
}

const COMPARATORS: Array<(a: string, b: string) => boolean> = [
  (a, b) => a === b,
  (a, b) => a.trimEnd() === b.trimEnd(),
  (a, b) => a.trim() === b.trim(),
  (a, b) => normalisePunctuation(a) === normalisePunctuation(b),
];

/**
 * Index where `pattern` occurs in `lines` at or after `start`, trying exact,
 * then trailing-whitespace-insensitive, then whitespace-insensitive, then
 * typographic-punctuation-insensitive matches. `eof` tries the end first.
 */
export function seekSequence(lines: readonly string[], pattern: readonly string[], start: number, eof: boolean): number | null {
  if (pattern.length === 0) return start;
  if (pattern.length > lines.length) return null;
  const from = eof ? lines.length - pattern.length : start;
  for (const same of COMPARATORS) {
    for (let i = from; i <= lines.length - pattern.length; i++) {
      let ok = true;
      for (let j = 0; j < pattern.length; j++) {
        if (!same(lines[i + j]!, pattern[j]!)) {
          ok = false;
          break;
        }
      }
      if (ok) return i;
    }
  }
  return null;
}

/** New contents for `original` after applying `chunks`; throws `ApplyPatchError` when a chunk does not match. */
export function applyChunks(original: string, chunks: readonly UpdateChunk[], displayPath: string): string {
  const eol = original.includes("\r\n") ? "\r\n" : "\n";
  const lines = original.split("\n").map((l) => (eol === "\r\n" && l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.at(-1) === "") lines.pop();
  const replacements: Array<[number, number, string[]]> = [];
  let lineIndex = 0;
  for (const chunk of chunks) {
    if (chunk.changeContext !== null) {
      const at = seekSequence(lines, [chunk.changeContext], lineIndex, false);
      if (at === null) throw new ApplyPatchError(`Failed to find context '${chunk.changeContext}' in ${displayPath}`, "apply");
      lineIndex = at + 1;
    }
    if (chunk.oldLines.length === 0) {
      // Pure addition: after the context line when one was given, else at the end.
      const insertion = chunk.changeContext !== null && !chunk.isEndOfFile ? lineIndex : lines.length;
      replacements.push([insertion, 0, chunk.newLines]);
      continue;
    }
    let pattern = chunk.oldLines;
    let replacement = chunk.newLines;
    let found = seekSequence(lines, pattern, lineIndex, chunk.isEndOfFile);
    if (found === null && pattern.at(-1) === "") {
      // A trailing empty line stands for the final newline.
      pattern = pattern.slice(0, -1);
      if (replacement.at(-1) === "") replacement = replacement.slice(0, -1);
      found = seekSequence(lines, pattern, lineIndex, chunk.isEndOfFile);
    }
    if (found === null) {
      throw new ApplyPatchError(`Failed to find expected lines in ${displayPath}:\n${chunk.oldLines.join("\n")}`, "apply");
    }
    replacements.push([found, pattern.length, replacement]);
    lineIndex = found + pattern.length;
  }
  replacements.sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let cursor = 0;
  for (const [start, oldLength, newLines] of replacements) {
    if (start < cursor) throw new ApplyPatchError(`Overlapping hunks in ${displayPath}`, "apply");
    out.push(...lines.slice(cursor, start), ...newLines);
    cursor = start + oldLength;
  }
  out.push(...lines.slice(cursor));
  return `${out.join(eol)}${eol}`;
}

// ---------------------------------------------------------------------------
// Planning and committing

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

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === "ENOENT") return "No such file or directory";
  if (e.code === "EISDIR") return "Is a directory";
  if (e.code === "EACCES") return "Permission denied";
  return e.message ?? String(error);
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
      throw new ApplyPatchError(`Failed to ${action} ${display}: ${errorText(error)}`, "io");
    }
  };
  const existing = async (abs: string): Promise<string | null> => {
    if (state.has(abs)) return state.get(abs) ?? null;
    try {
      const info = await stat(abs);
      return info.isFile() ? await readFile(abs, "utf8") : null;
    } catch {
      return null;
    }
  };

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

/** A regular file's text, or null when there is none at `p`. */
export async function readIfFile(p: string): Promise<string | null> {
  try {
    return (await stat(p)).isFile() ? await readFile(p, "utf8") : null;
  } catch {
    return null;
  }
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
    throw new ApplyPatchError(`Failed to write patch changes: ${errorText(error)}`, "io");
  }
}

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
    const e = error instanceof ApplyPatchError ? error : new ApplyPatchError(errorText(error), "io");
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

/**
 * The patch text when a shell command is really an apply_patch call:
 * `["apply_patch", patch]`, `["applypatch", patch]`, or
 * `bash -lc "apply_patch <<'EOF' ... EOF"` (optionally after `cd dir &&`).
 * Returns `{patch, workdir}` (workdir from a leading `cd`), else undefined.
 */
export function extractApplyPatchInvocation(argv: readonly string[]): { patch: string; workdir: string | null } | undefined {
  if (argv.length === 2 && (argv[0] === "apply_patch" || argv[0] === "applypatch")) return { patch: argv[1]!, workdir: null };
  if (argv.length === 3 && ["bash", "sh", "zsh"].includes(path.basename(argv[0]!)) && (argv[1] === "-lc" || argv[1] === "-c")) {
    const script = argv[2]!.trim();
    const match = /^(?:cd\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s*&&\s*)?(?:apply_patch|applypatch)\s*<<\s*(['"]?)(\w+)\4\s*\n([\s\S]*?)\n\5\s*$/.exec(script);
    if (match) return { patch: match[6]!, workdir: match[1] ?? match[2] ?? match[3] ?? null };
  }
  return undefined;
}
