import type { FunctionTool, NamespaceTool } from "./specs/index.js";

/** A deferred tool as `tool_search` indexes it. */
export interface DeferredTool {
  namespace: { name: string; description: string };
  tool: FunctionTool;
  /** Extra words that should find the tool. */
  keywords: string;
}

const K1 = 1.2;
const B = 0.75;

/** Lower-case words; `snake_case` and `kebab-case` names count as their parts too. */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.toLowerCase().split(/[^a-z0-9_-]+/)) {
    if (word === "") continue;
    terms.push(word);
    const parts = word.split(/[_-]+/).filter((part) => part !== "");
    if (parts.length > 1) terms.push(...parts);
  }
  return terms;
}

function documentText(entry: DeferredTool): string {
  return [entry.namespace.name, entry.tool.name, entry.tool.description, entry.keywords].join(" ");
}

/**
 * Okapi BM25 over the deferred tools' names, descriptions and keywords:
 * indexes of `entries` with a positive score, best first (ties in index
 * order), at most `limit`.
 */
export function rankTools(entries: readonly DeferredTool[], query: string, limit: number): number[] {
  const queryTerms = [...new Set(searchTerms(query))];
  if (entries.length === 0 || queryTerms.length === 0) return [];
  const docs = entries.map((entry) => searchTerms(documentText(entry)));
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / docs.length;
  const documentFrequency = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const scores = docs.map((doc, index) => {
    const counts = new Map<string, number>();
    for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const frequency = counts.get(term) ?? 0;
      if (frequency === 0) continue;
      const n = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * doc.length) / averageLength));
    }
    return { index, score };
  });
  return scores
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.index);
}

/** Matches grouped by namespace (in order of first match), each tool marked `defer_loading`: the `tools` of a `tool_search_output`. */
export function searchOutputTools(entries: readonly DeferredTool[], matches: readonly number[]): NamespaceTool[] {
  const byName = new Map<string, NamespaceTool>();
  for (const index of matches) {
    const entry = entries[index]!;
    let namespace = byName.get(entry.namespace.name);
    if (!namespace) {
      namespace = { type: "namespace", name: entry.namespace.name, description: entry.namespace.description, tools: [] };
      byName.set(entry.namespace.name, namespace);
    }
    const { name, description, strict, parameters } = entry.tool;
    namespace.tools.push({ type: "function", name, description, strict, defer_loading: true, parameters });
  }
  return [...byName.values()];
}
