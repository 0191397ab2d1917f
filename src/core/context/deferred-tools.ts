/** A tool namespace reachable only through `tool_search`. */
export interface DeferredNamespace {
  name: string;
  description: string;
}

/** The `<tools>` part that ends developer message 1 when tool search is on. */
export function deferredToolsSection(namespaces: readonly DeferredNamespace[]): string {
  // A namespace without a description (an MCP server that gave no instructions) is listed by name alone.
  const lines = namespaces.map((ns) => (ns.description === "" ? `- ${ns.name}` : `- ${ns.name}: ${ns.description}`));
  return ["<tools>", "Deferred tool namespaces:", ...lines, "</tools>"].join("\n");
}
