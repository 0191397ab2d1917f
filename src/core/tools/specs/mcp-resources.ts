import { stringSchema } from "./json-schema.js";
import type { FunctionTool } from "./types.js";

/**
 * The three MCP resource tools, offered whenever an MCP server is configured
 * (names, parameters and their order as the reference sends them; the
 * wording is ours).
 */
export const MCP_RESOURCE_TOOL_NAMES = ["list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource"] as const;
export type McpResourceToolName = (typeof MCP_RESOURCE_TOOL_NAMES)[number];

function listTool(name: string, what: string, description: string): FunctionTool {
  return {
    type: "function",
    name,
    description,
    strict: false,
    parameters: {
      type: "object",
      properties: {
        cursor: stringSchema(`Cursor returned by an earlier ${name} call, to get the next page; leave it out for the first page.`),
        server: stringSchema(`Name of one MCP server; leave it out to list the ${what} of every configured server.`),
      },
      additionalProperties: false,
    },
  };
}

export function mcpResourceTools(): FunctionTool[] {
  return [
    listTool(
      "list_mcp_resources",
      "resources",
      "Lists the resources MCP servers offer: files, database schemas or other data a server shares as context. Look here before searching the web.",
    ),
    listTool(
      "list_mcp_resource_templates",
      "resource templates",
      "Lists the resource templates MCP servers offer: parameterized URIs for data a server shares as context. Look here before searching the web.",
    ),
    {
      type: "function",
      name: "read_mcp_resource",
      description: "Reads one resource of an MCP server, by server name and resource URI.",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          server: stringSchema("The MCP server's configured name, as the `server` field of list_mcp_resources shows it."),
          uri: stringSchema("The resource's URI, one that list_mcp_resources returned."),
        },
        required: ["server", "uri"],
        additionalProperties: false,
      },
    },
  ];
}
