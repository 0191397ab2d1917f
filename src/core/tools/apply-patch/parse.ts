import { ApplyPatchError } from "./error.js";

/*
 * The grammar of the Codex `apply_patch` format, text → hunks; pure (no file
 * system):
 *
 *   *** Begin Patch
 *   *** Add File: <path>          followed by `+line`s
 *   *** Delete File: <path>
 *   *** Update File: <path>
 *   *** Move to: <path>           optional, right after Update File
 *   @@ [context header]           chunks of ` ctx`, `-old`, `+new` lines,
 *   *** End of File               optionally anchoring the chunk at the end
 *   *** End Patch
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

