import { ApplyPatchError } from "./error.js";
import type { UpdateChunk } from "./parse.js";

/*
 * Matching an update's chunks against a file's text; pure (the caller reads
 * and writes the files).
 */

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
