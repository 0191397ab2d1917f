import { objectSchema, stringSchema } from "./json-schema.js";
import type { FunctionTool } from "./types.js";

/**
 * The MCP resource tools (fact sheet §5.12). In code mode the reference nests
 * them in every request, MCP servers configured or not.
 */

export function listMcpResourcesTool(): FunctionTool {
  return {
    type: "function",
    name: "list_mcp_resources",
    description:
      "Lists the resources the configured MCP servers offer (files, schemas, documents and other context they share). Prefer a server's resources to a web search when they cover the question.",
    strict: false,
    parameters: objectSchema(
      {
        cursor: stringSchema("Cursor from an earlier list_mcp_resources answer; leave out for the first page."),
        server: stringSchema("Name of one MCP server; leave out to list every server's resources."),
      },
      [],
    ),
  };
}

export function listMcpResourceTemplatesTool(): FunctionTool {
  return {
    type: "function",
    name: "list_mcp_resource_templates",
    description: "Lists the resource templates (parameterised resource URIs) the configured MCP servers offer.",
    strict: false,
    parameters: objectSchema(
      {
        cursor: stringSchema("Cursor from an earlier list_mcp_resource_templates answer; leave out for the first page."),
        server: stringSchema("Name of one MCP server; leave out to list every server's templates."),
      },
      [],
    ),
  };
}

export function readMcpResourceTool(): FunctionTool {
  return {
    type: "function",
    name: "read_mcp_resource",
    description: "Reads one resource of an MCP server, given the server's name and the resource's URI.",
    strict: false,
    parameters: objectSchema(
      {
        server: stringSchema("The MCP server's name, as list_mcp_resources reports it."),
        uri: stringSchema("The resource's URI, one list_mcp_resources returned."),
      },
      ["server", "uri"],
    ),
  };
}

export function mcpResourceTools(): FunctionTool[] {
  return [listMcpResourcesTool(), listMcpResourceTemplatesTool(), readMcpResourceTool()];
}
