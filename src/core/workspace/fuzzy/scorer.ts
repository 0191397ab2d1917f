/**
 * A small fuzzy scorer for file paths, in the spirit of editor file pickers
 * (fzf's v1 algorithm): the query's characters must appear in order, case
 * ignored; matches on word starts (after `/`, `_`, `-`, `.`, space, or a
 * lower→upper camelCase step) and runs of consecutive characters score more,
 * gaps cost, and a match inside the file name beats one spread over the
 * directories. Linear in the candidate's length.
 */
const SCORE_MATCH = 16;
const GAP_START = -3;
const GAP_EXTENSION = -1;
const BONUS_AFTER_SLASH = 10;
const BONUS_BOUNDARY = 8;
const BONUS_CAMEL = 7;
const BONUS_CONSECUTIVE = 5;
const FIRST_CHAR_MULTIPLIER = 2;
const BONUS_IN_FILE_NAME = 24;
const BONUS_FILE_NAME_PREFIX = 16;
/** Keeps scores non-negative (the wire's score is a u32) after gap and length costs. */
const SCORE_OFFSET = 256;

export interface FuzzyMatch {
  score: number;
  /** Positions (UTF-16 code units) of the matched characters, ascending. */
  indices: number[];
}

/**
 * Scores `candidate` (its lower-cased form `lower` given to spare repeated
 * work) against `query` (already lower-cased, no whitespace); null when the
 * query is not a subsequence.
 */
export function fuzzyMatch(query: string, candidate: string, lower: string, fileNameStart: number): FuzzyMatch | null {
  if (query.length === 0) return null;
  const whole = bestWindow(query, candidate, lower, 0);
  if (!whole) return null;
  let best = whole;
  if (fileNameStart > 0) {
    const inName = bestWindow(query, candidate, lower, fileNameStart);
    if (inName && inName.score >= best.score) best = inName;
  }
  if (best.indices[0]! >= fileNameStart) {
    best.score += BONUS_IN_FILE_NAME;
    if (best.indices[0] === fileNameStart) best.score += BONUS_FILE_NAME_PREFIX;
  }
  // Shorter paths first among equals, as pickers do.
  best.score = Math.max(0, Math.round(best.score + SCORE_OFFSET - candidate.length / 4));
  return best;
}

/** The shortest window ending at the first complete match from `from`, scored. */
function bestWindow(query: string, candidate: string, lower: string, from: number): FuzzyMatch | null {
  let q = 0;
  let end = -1;
  for (let i = from; i < lower.length; i++) {
    if (lower.charCodeAt(i) === query.charCodeAt(q)) {
      q++;
      if (q === query.length) {
        end = i;
        break;
      }
    }
  }
  if (end < 0) return null;
  let start = end;
  q = query.length - 1;
  for (let i = end; i >= from; i--) {
    if (lower.charCodeAt(i) === query.charCodeAt(q)) {
      if (q === 0) {
        start = i;
        break;
      }
      q--;
    }
  }
  return scoreWindow(query, candidate, lower, start, end);
}

function scoreWindow(query: string, candidate: string, lower: string, start: number, end: number): FuzzyMatch {
  const indices: number[] = [];
  let score = 0;
  let q = 0;
  let previousMatch = -2;
  let runBonus = 0;
  for (let i = start; i <= end && q < query.length; i++) {
    if (lower.charCodeAt(i) !== query.charCodeAt(q)) continue;
    let bonus = boundaryBonus(candidate, i);
    if (previousMatch === i - 1) {
      // A run keeps the bonus of its first character, at least the consecutive bonus.
      runBonus = Math.max(runBonus, bonus, BONUS_CONSECUTIVE);
      bonus = runBonus;
    } else {
      if (previousMatch >= 0) score += GAP_START + GAP_EXTENSION * (i - previousMatch - 2);
      runBonus = bonus;
    }
    score += SCORE_MATCH + (q === 0 ? bonus * FIRST_CHAR_MULTIPLIER : bonus);
    indices.push(i);
    previousMatch = i;
    q++;
  }
  return { score, indices };
}

function boundaryBonus(candidate: string, i: number): number {
  if (i === 0) return BONUS_AFTER_SLASH;
  const previous = candidate.charCodeAt(i - 1);
  if (previous === 47 /* / */ || previous === 92 /* \ */) return BONUS_AFTER_SLASH;
  if (previous === 95 /* _ */ || previous === 45 /* - */ || previous === 46 /* . */ || previous === 32) return BONUS_BOUNDARY;
  const current = candidate.charCodeAt(i);
  const previousIsLower = previous >= 97 && previous <= 122;
  const currentIsUpper = current >= 65 && current <= 90;
  if (previousIsLower && currentIsUpper) return BONUS_CAMEL;
  const previousIsAlnum = previousIsLower || (previous >= 65 && previous <= 90) || (previous >= 48 && previous <= 57);
  const currentIsDigit = current >= 48 && current <= 57;
  if (!previousIsAlnum || (currentIsDigit && !(previous >= 48 && previous <= 57))) return BONUS_BOUNDARY / 2;
  return 0;
}

/** The query as the scorer wants it: lower-cased, whitespace dropped. */
export function normalizeQuery(query: string): string {
  return query.toLowerCase().replace(/\s+/g, "");
}
