import type { FuzzyFileSearchResult } from "../../../protocol/fuzzy-file-search.js";
import type { FileIndex } from "./file-index.js";
import { fuzzyMatch, normalizeQuery } from "./scorer.js";

/** The reference answers with the best 50 matches. */
export const MATCH_LIMIT = 50;

interface Ranked {
  entry: number;
  score: number;
  indices: number[];
}

export interface RankOutcome {
  files: FuzzyFileSearchResult[];
  /** Every entry the query matched: a longer query only needs to look at these. */
  matched: number[];
}

/** Best first: score descending, then path ascending (the reference's order). */
function better(index: FileIndex, a: Ranked, b: Ranked): boolean {
  if (a.score !== b.score) return a.score > b.score;
  return index.paths[a.entry]! < index.paths[b.entry]!;
}

/**
 * The top matches of `query` in `index`; `among` limits the entries looked at
 * (the matches of a prefix of this query).
 */
export function rank(index: FileIndex, query: string, among?: readonly number[], limit = MATCH_LIMIT): RankOutcome {
  const needle = normalizeQuery(query);
  if (needle.length === 0) return { files: [], matched: [] };
  const top: Ranked[] = [];
  const matched: number[] = [];
  const count = among ? among.length : index.size;
  for (let k = 0; k < count; k++) {
    const entry = among ? among[k]! : k;
    const match = fuzzyMatch(needle, index.paths[entry]!, index.folded[entry]!, index.fileNameStart[entry]!);
    if (!match) continue;
    matched.push(entry);
    const candidate: Ranked = { entry, score: match.score, indices: match.indices };
    if (top.length === limit && !better(index, candidate, top[top.length - 1]!)) continue;
    let at = top.length;
    while (at > 0 && better(index, candidate, top[at - 1]!)) at--;
    top.splice(at, 0, candidate);
    if (top.length > limit) top.pop();
  }
  const files = top.map(({ entry, score, indices }) => {
    const relative = index.paths[entry]!;
    return {
      root: index.roots[index.rootOf[entry]!]!,
      path: relative,
      match_type: index.isDirectory[entry] ? ("directory" as const) : ("file" as const),
      file_name: relative.slice(index.fileNameStart[entry]!),
      score,
      indices,
    };
  });
  return { files, matched };
}
