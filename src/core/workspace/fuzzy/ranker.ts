import type { FuzzyFileSearchResult } from "../../../protocol/fuzzy-file-search.js";
import type { FileIndex } from "./file-index.js";
import { fuzzyMatch, normalizeQuery, quickScore } from "./scorer.js";

/** The reference answers with the best 50 matches. */
export const MATCH_LIMIT = 50;
/** Candidates the linear pass keeps for exact alignment, per result wanted. */
const SHORTLIST_FACTOR = 4;

export interface RankOutcome {
  files: FuzzyFileSearchResult[];
  /** Every entry the query matched, in entry order: a longer query only needs to look at these. */
  matched: Int32Array;
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
export function rank(index: FileIndex, query: string, among?: ArrayLike<number>, limit = MATCH_LIMIT): RankOutcome {
  const needle = normalizeQuery(query);
  if (needle.length === 0) return { files: [], matched: new Int32Array(0) };
  const { paths, folded, fileNameStart } = index;
  // Entries are in path order (FileIndex.sortByPath): the lower entry has the lower path.
  const better = (a: Scored, b: Scored) => a.score > b.score || (a.score === b.score && a.entry < b.entry);
  // Typed arrays sized for the worst case: a keystroke allocates two blocks, not a growing array per match.
  const count = among ? among.length : index.size;
  const hits = new Int32Array(count);
  const hitScores = new Int32Array(count);
  let found = 0;
  let highest = 0;
  for (let k = 0; k < count; k++) {
    const entry = among ? among[k]! : k;
    const score = quickScore(needle, paths[entry]!, folded[entry]!, fileNameStart[entry]!);
    if (score < 0) continue;
    hits[found] = entry;
    hitScores[found++] = score;
    if (score > highest) highest = score;
  }
  const matched = hits.slice(0, found);
  const shortlist = shortlisted(matched, hitScores.subarray(0, found), highest, limit * SHORTLIST_FACTOR);
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
function shortlisted(entries: Int32Array, scores: Int32Array, highest: number, wanted: number): number[] {
  if (entries.length <= wanted) return Array.from(entries);
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
