/**
 * Which named types a generation publishes. The experimental surface publishes
 * every named type. The stable surface leaves out the types that are only
 * reachable through experimental methods or experimental fields; named types
 * no method reaches at all are still published.
 */
export interface TypeGraph {
  /** Named types used directly by the roots (method params/results, envelope). */
  readonly roots: Iterable<string>;
  /** Named types referenced directly by the named type `name`. */
  refsOf(name: string): Iterable<string>;
}

export function reachable(graph: TypeGraph): Set<string> {
  const seen = new Set<string>();
  const stack = [...graph.roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const ref of graph.refsOf(name)) if (!seen.has(ref)) stack.push(ref);
  }
  return seen;
}

/** Sorted names to publish. `full` is the unstripped graph, `stable` the stripped one. */
export function selectTypeNames(all: readonly string[], experimental: boolean, full: TypeGraph, stable: TypeGraph): string[] {
  if (experimental) return [...all].sort();
  const everywhere = reachable(full);
  const stableReach = reachable(stable);
  return all.filter((name) => stableReach.has(name) || !everywhere.has(name)).sort();
}
