/**
 * A small fuzzy scorer for file paths, in the spirit of editor file pickers
 * (fzf's algorithms): the query's characters must appear in order, case
 * ignored; matches on word starts (after `/`, `_`, `-`, `.`, space, or a
 * lower→upper camelCase step) and runs of consecutive characters score more,
 * gaps cost, and matches in the file name (the last component) beat matches
 * spread over directories; shorter paths win among equals.
 *
 * Two passes, as fzf does: `quickScore` is linear (the shortest window ending
 * at the first complete match, scored greedily) and ranks every candidate;
 * `fuzzyMatch` finds the best-scoring alignment (dynamic programming) and its
 * indices for the few candidates that make the list.
 */
const SCORE_MATCH = 16;
const GAP_START = -3;
const GAP_EXTENSION = -1;
const BONUS_AFTER_SLASH = 10;
const BONUS_BOUNDARY = 8;
const BONUS_CAMEL = 7;
const BONUS_CONSECUTIVE = 5;
const FIRST_CHAR_MULTIPLIER = 2;
/** Per matched character inside the file name. */
const BONUS_FILE_NAME_CHAR = 2;
/** When every matched character is inside the file name. */
const BONUS_IN_FILE_NAME = 24;
/** When the match starts the file name. */
const BONUS_FILE_NAME_PREFIX = 16;
/** Keeps scores non-negative (the wire's score is a u32) after gap and length costs. */
const SCORE_OFFSET = 256;
/** Longer candidates are only scored by the linear pass (the table would be too large). */
const MAX_ALIGNED_LENGTH = 1024;

export interface FuzzyMatch {
  score: number;
  /** Positions (UTF-16 code units) of the matched characters, ascending. */
  indices: number[];
}

/** The query as the scorer wants it: case-folded, whitespace dropped. */
export function normalizeQuery(query: string): string {
  return query.toLowerCase().replace(/\s+/g, "");
}

/**
 * Linear-time score of `candidate` (with `folded`, its same-length
 * lower-cased form) for `query` (normalized); -1 when the query is not a
 * subsequence.
 */
export function quickScore(query: string, candidate: string, folded: string, fileNameStart: number): number {
  // indexOf/lastIndexOf are native and much faster than a character loop: most candidates fail here.
  const last = query.length - 1;
  let end = -1;
  for (let q = 0; q <= last; q++) {
    end = folded.indexOf(query[q]!, end + 1);
    if (end < 0) return -1;
  }
  let start = end;
  for (let q = last - 1; q >= 0; q--) start = folded.lastIndexOf(query[q]!, start - 1);
  let score = 0;
  let q = 0;
  let previous = -2;
  let runBonus = 0;
  for (let i = start; i <= end; i++) {
    if (folded.charCodeAt(i) !== query.charCodeAt(q)) continue;
    let bonus = charBonus(candidate, i, fileNameStart);
    if (previous === i - 1) {
      runBonus = Math.max(runBonus, bonus, BONUS_CONSECUTIVE);
      bonus = runBonus;
    } else {
      if (previous >= 0) score += GAP_START + GAP_EXTENSION * (i - previous - 2);
      runBonus = bonus;
    }
    score += SCORE_MATCH + (q === 0 ? bonus * FIRST_CHAR_MULTIPLIER : bonus);
    previous = i;
    q++;
  }
  return finish(score, start, candidate.length, fileNameStart);
}

/** The best alignment of `query` (normalized) in `candidate` and its score; null when there is none. */
export function fuzzyMatch(query: string, candidate: string, folded: string, fileNameStart: number): FuzzyMatch | null {
  const m = query.length;
  const n = folded.length;
  if (m === 0 || quickScore(query, candidate, folded, fileNameStart) < 0) return null;
  if (n > MAX_ALIGNED_LENGTH) return greedyMatch(query, candidate, folded, fileNameStart);
  const NONE = -1e9;
  // score[i*n+j]: best score with query[0..i] matched and query[i] at j; run: the bonus its run carries.
  const score = new Float64Array(m * n).fill(NONE);
  const run = new Float64Array(m * n);
  const from = new Int32Array(m * n).fill(-1);
  const bonusAt = new Float64Array(n);
  for (let j = 0; j < n; j++) bonusAt[j] = charBonus(candidate, j, fileNameStart);
  for (let j = 0; j < n; j++) {
    if (folded.charCodeAt(j) !== query.charCodeAt(0)) continue;
    score[j] = SCORE_MATCH + bonusAt[j]! * FIRST_CHAR_MULTIPLIER;
    run[j] = bonusAt[j]!;
  }
  for (let i = 1; i < m; i++) {
    const row = i * n;
    const above = (i - 1) * n;
    let gapBest = NONE;
    let gapFrom = -1;
    for (let j = i; j < n; j++) {
      // Best earlier position for query[i-1] leaving a gap before j.
      if (j >= 2) {
        gapBest += GAP_EXTENSION;
        const opened = score[above + j - 2]! + GAP_START;
        if (opened >= gapBest) {
          gapBest = opened;
          gapFrom = j - 2;
        }
      }
      if (folded.charCodeAt(j) !== query.charCodeAt(i)) continue;
      const bonus = bonusAt[j]!;
      let best = NONE;
      const diagonal = score[above + j - 1]!;
      if (diagonal > NONE / 2) {
        const runBonus = Math.max(run[above + j - 1]!, bonus, BONUS_CONSECUTIVE);
        best = diagonal + SCORE_MATCH + runBonus;
        run[row + j] = runBonus;
        from[row + j] = j - 1;
      }
      if (gapBest > NONE / 2 && gapBest + SCORE_MATCH + bonus > best) {
        best = gapBest + SCORE_MATCH + bonus;
        run[row + j] = bonus;
        from[row + j] = gapFrom;
      }
      score[row + j] = best;
    }
  }
  let end = -1;
  let best = NONE;
  const lastRow = (m - 1) * n;
  for (let j = m - 1; j < n; j++) {
    if (score[lastRow + j]! > best) {
      best = score[lastRow + j]!;
      end = j;
    }
  }
  const indices = new Array<number>(m);
  for (let i = m - 1, j = end; i >= 0; i--) {
    indices[i] = j;
    j = from[i * n + j]!;
  }
  return { score: finish(best, indices[0]!, candidate.length, fileNameStart), indices };
}

/** The linear pass's alignment, for candidates too long to align exactly. */
function greedyMatch(query: string, candidate: string, folded: string, fileNameStart: number): FuzzyMatch {
  const indices: number[] = [];
  for (let i = 0, q = 0; i < folded.length && q < query.length; i++) {
    if (folded.charCodeAt(i) === query.charCodeAt(q)) {
      indices.push(i);
      q++;
    }
  }
  return { score: quickScore(query, candidate, folded, fileNameStart), indices };
}

function finish(score: number, firstIndex: number, length: number, fileNameStart: number): number {
  if (firstIndex >= fileNameStart) {
    score += BONUS_IN_FILE_NAME;
    if (firstIndex === fileNameStart) score += BONUS_FILE_NAME_PREFIX;
  }
  return Math.max(0, Math.round(score + SCORE_OFFSET - length / 4));
}

function charBonus(candidate: string, i: number, fileNameStart: number): number {
  const inName = i >= fileNameStart ? BONUS_FILE_NAME_CHAR : 0;
  if (i === 0) return BONUS_AFTER_SLASH + inName;
  const previous = candidate.charCodeAt(i - 1);
  if (previous === 47 /* / */ || previous === 92 /* \ */) return BONUS_AFTER_SLASH + inName;
  if (previous === 95 /* _ */ || previous === 45 /* - */ || previous === 46 /* . */ || previous === 32) {
    return BONUS_BOUNDARY + inName;
  }
  const current = candidate.charCodeAt(i);
  const previousIsLower = previous >= 97 && previous <= 122;
  const previousIsUpper = previous >= 65 && previous <= 90;
  const previousIsDigit = previous >= 48 && previous <= 57;
  if (previousIsLower && current >= 65 && current <= 90) return BONUS_CAMEL + inName;
  if (current >= 48 && current <= 57 && !previousIsDigit) return BONUS_BOUNDARY / 2 + inName;
  if (!(previousIsLower || previousIsUpper || previousIsDigit) && previous < 128) return BONUS_BOUNDARY / 2 + inName;
  return inName;
}
