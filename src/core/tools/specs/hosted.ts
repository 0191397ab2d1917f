import type { ObjectSchema, ToolSearchTool, WebSearchTool } from "./types.js";

/**
 * `web_search` (fact sheet §5.8): the hosted tool. Live web access only
 * under danger-full-access (or when configured live); image results when the
 * catalogue's `web_search_tool_type` is `text_and_image`.
 */
export function webSearchTool(options: { externalWebAccess: boolean; textAndImage: boolean }): WebSearchTool {
  const tool: WebSearchTool = { type: "web_search", external_web_access: options.externalWebAccess };
  if (options.textAndImage) tool.search_content_types = ["text", "image"];
  return tool;
}

/** The default number of matches `tool_search` returns. */
export const TOOL_SEARCH_DEFAULT_LIMIT = 8;

/** `tool_search` (fact sheet §5.9): client-executed search over deferred tools. */
export function toolSearchTool(): ToolSearchTool {
  const parameters: ObjectSchema = {
    type: "object",
    properties: { query: { type: "string" }, limit: { type: "number" } },
    required: ["query"],
    additionalProperties: false,
  };
  return {
    type: "tool_search",
    execution: "client",
    description: `Searches the deferred tools (BM25 over their names and descriptions); the matching tools become callable on your next request. Returns up to \`limit\` matches (default ${TOOL_SEARCH_DEFAULT_LIMIT}).`,
    parameters,
  };
}

/** The `<tools>` part ending developer message 1 when tool search is on. */
export function deferredToolsMessage(namespaces: ReadonlyArray<{ name: string; description: string }>): string {
  return `<tools>\nDeferred tool namespaces:\n${namespaces.map((ns) => `- ${ns.name}: ${ns.description}\n`).join("")}</tools>`;
}
