import type { FuzzyFileSearchResult } from "../../../protocol/fuzzy-file-search.js";
import type { FileIndex } from "./file-index.js";
import { fuzzyMatch, normalizeQuery, quickScore } from "./scorer.js";

/** The reference answers with the best 50 matches. */
export const MATCH_LIMIT = 50;
/** Candidates the linear pass keeps for exact alignment, per result wanted. */
const SHORTLIST_FACTOR = 4;

export interface RankOutcome {
  files: FuzzyFileSearchResult[];
  /** Every entry the query matched: a longer query only needs to look at these. */
  matched: number[];
}

interface Scored {
  entry: number;
  score: number;
}

/**
 * The top matches of `query` in `index`, best first (score descending, then
 * path ascending, the reference's order); `among` limits the entries looked
 * at (the matches of a prefix of this query).
 */
export function rank(index: FileIndex, query: string, among?: readonly number[], limit = MATCH_LIMIT): RankOutcome {
  const needle = normalizeQuery(query);
  if (needle.length === 0) return { files: [], matched: [] };
  const { paths, folded, fileNameStart } = index;
  // Entries are in path order (FileIndex.sortByPath): the lower entry has the lower path.
  const better = (a: Scored, b: Scored) => a.score > b.score || (a.score === b.score && a.entry < b.entry);
  const matched: number[] = [];
  const scores: number[] = [];
  let highest = 0;
  const count = among ? among.length : index.size;
  for (let k = 0; k < count; k++) {
    const entry = among ? among[k]! : k;
    const score = quickScore(needle, paths[entry]!, folded[entry]!, fileNameStart[entry]!);
    if (score < 0) continue;
    matched.push(entry);
    scores.push(score);
    if (score > highest) highest = score;
  }
  const shortlist = shortlisted(matched, scores, highest, limit * SHORTLIST_FACTOR);
  const aligned = shortlist.map((entry) => {
    const match = fuzzyMatch(needle, paths[entry]!, folded[entry]!, fileNameStart[entry]!)!;
    return { entry, score: match.score, indices: match.indices };
  });
  aligned.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const files = aligned.slice(0, limit).map(({ entry, score, indices }) => {
    const relative = paths[entry]!;
    return {
      root: index.roots[index.rootOf[entry]!]!,
      path: relative,
      match_type: index.isDirectory[entry] ? ("directory" as const) : ("file" as const),
      file_name: relative.slice(fileNameStart[entry]!),
      score,
      indices,
    };
  });
  return { files, matched };
}

/**
 * About the `wanted` best-scoring entries, found in linear time: a histogram
 * of the (small, integral) scores gives the cut-off.
 */
function shortlisted(
  entries: readonly number[],
  scores: readonly number[],
  highest: number,
  wanted: number,
): number[] {
  if (entries.length <= wanted) return [...entries];
  const histogram = new Uint32Array(highest + 1);
  for (const score of scores) histogram[score]!++;
  let cutoff = highest;
  for (let taken = histogram[cutoff]!; taken < wanted && cutoff > 0; ) taken += histogram[--cutoff]!;
  const kept: number[] = [];
  const tied: number[] = [];
  for (let k = 0; k < entries.length; k++) {
    if (scores[k]! > cutoff) kept.push(entries[k]!);
    else if (scores[k] === cutoff) tied.push(entries[k]!);
  }
  // Among equal scores the final order is by path, which is entry order: the first ones fill the list.
  if (kept.length + tied.length > wanted) tied.sort((a, b) => a - b).length = wanted - kept.length;
  return kept.concat(tied);
}
