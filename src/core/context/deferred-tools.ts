/** A tool namespace reachable only through `tool_search`. */
export interface DeferredNamespace {
  name: string;
  description: string;
}

/** The `<tools>` part that ends developer message 1 when tool search is on. */
export function deferredToolsSection(namespaces: readonly DeferredNamespace[]): string {
  const lines = namespaces.map((ns) => `- ${ns.name}: ${ns.description}`);
  return ["<tools>", "Deferred tool namespaces:", ...lines, "</tools>"].join("\n");
}
