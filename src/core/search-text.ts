/**
 * Case-insensitive literal matching and match snippets for thread search, as
 * the reference computes them: matches never overlap, lowercasing goes code
 * point by code point (so a match maps back onto whole original characters),
 * snippets keep 48 characters before and 96 after a match, with `... `
 * markers where they cut, and ranges count UTF-16 code units.
 */

const CONTEXT_BEFORE = 48;
const CONTEXT_AFTER = 96;
const LEADING = "... ";
const TRAILING = " ...";

/** A match in `text`, in JavaScript string indices. */
export interface TextMatch {
  start: number;
  end: number;
}

export function findLiteral(text: string, needle: string): TextMatch[] {
  const lowerNeedle = needle.toLowerCase();
  if (lowerNeedle.length === 0) return [];
  // spans[i]: the original [start, end) of the code point that produced lowercase index i.
  let lower = "";
  const spanStart: number[] = [];
  const spanEnd: number[] = [];
  let index = 0;
  for (const character of text) {
    const lowered = character.toLowerCase();
    for (let i = 0; i < lowered.length; i++) {
      spanStart.push(index);
      spanEnd.push(index + character.length);
    }
    lower += lowered;
    index += character.length;
  }
  const matches: TextMatch[] = [];
  let from = 0;
  for (;;) {
    const at = lower.indexOf(lowerNeedle, from);
    if (at === -1) return matches;
    const last = at + lowerNeedle.length - 1;
    matches.push({ start: spanStart[at]!, end: spanEnd[last]! });
    from = at + lowerNeedle.length;
  }
}

/** Start of the code point `count` code points before `index` (or 0). */
function codePointsBefore(text: string, index: number, count: number): number {
  let position = index;
  for (let taken = 0; taken < count; taken++) {
    if (position <= 0) return 0;
    const low = text.charCodeAt(position - 1);
    position -= low >= 0xdc00 && low <= 0xdfff && position >= 2 ? 2 : 1;
  }
  return Math.max(0, position);
}

/** End of the code point `count` code points after `index` (or the text's end). */
function codePointsAfter(text: string, index: number, count: number): number {
  let position = index;
  for (let taken = 0; taken < count; taken++) {
    if (position >= text.length) return text.length;
    position += (text.codePointAt(position) ?? 0) > 0xffff ? 2 : 1;
  }
  return Math.min(text.length, position);
}

export function matchSnippet(text: string, match: TextMatch): { snippet: string; range: TextMatch } {
  const start = codePointsBefore(text, match.start, CONTEXT_BEFORE);
  const end = codePointsAfter(text, match.end, CONTEXT_AFTER);
  const leading = start > 0 ? LEADING : "";
  const trailing = end < text.length ? TRAILING : "";
  const matchStart = leading.length + (match.start - start);
  return {
    snippet: `${leading}${text.slice(start, end)}${trailing}`,
    range: { start: matchStart, end: matchStart + (match.end - match.start) },
  };
}

/**
 * The visible words of an assistant's markdown answer: markup (emphasis,
 * headings, list and quote markers, code fences, link targets) dropped,
 * whitespace collapsed to single spaces.
 */
export function markdownSearchText(markdown: string): string {
  const text = markdown
    .trim()
    .replace(/^\s{0,3}(```|~~~).*$/gm, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}#{1,6}\s+/gm, "")
    .replace(/^\s{0,3}>\s?/gm, "")
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, "")
    .replace(/^\s{0,3}(?:[-*_]\s*){3,}$/gm, " ")
    .replace(/(\*\*|~~)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/\*(?=\S)([\s\S]*?\S)\*/g, "$1")
    // Underscores emphasise only at word edges (snake_case stays as it is).
    .replace(/(^|\W)(__?)(?=\S)([\s\S]*?\S)\2(?=\W|$)/g, "$1$3")
    .replace(/`([^`]*)`/g, "$1");
  return text.split(/\s+/).filter((word) => word.length > 0).join(" ");
}

/**
 * thread/search's snippet of a message: its whitespace collapsed, cut around
 * the first match as `matchSnippet` cuts, then trimmed; undefined when the
 * term does not occur.
 */
export function excerptAroundFirstMatch(text: string, needle: string): string | undefined {
  const normalized = text.split(/\s+/).filter((word) => word.length > 0).join(" ");
  const [match] = findLiteral(normalized, needle);
  if (!match) return undefined;
  const start = codePointsBefore(normalized, match.start, CONTEXT_BEFORE);
  const end = codePointsAfter(normalized, match.end, CONTEXT_AFTER);
  const excerpt = normalized.slice(start, end).trim();
  if (excerpt.length === 0) return undefined;
  return `${start > 0 ? LEADING : ""}${excerpt}${end < normalized.length ? TRAILING : ""}`;
}
