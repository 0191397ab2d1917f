/**
 * Tool entries of a Responses API request (`tools`), in the shapes the
 * reference sends in direct mode. Key order matches the reference's
 * serialisation so a request body compares equal as text too.
 */

export type JsonSchema =
  | { type: "string"; enum?: string[]; description?: string }
  | { type: "number"; description?: string }
  | { type: "integer"; description?: string }
  | { type: "boolean"; description?: string }
  | { type: "array"; items: JsonSchema; description?: string }
  | ObjectSchema;

export interface ObjectSchema {
  type: "object";
  properties: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface FunctionTool {
  type: "function";
  name: string;
  description: string;
  strict: false;
  /** Set on the tools a `tool_search_output` hands back (they were deferred). */
  defer_loading?: boolean;
  parameters: ObjectSchema;
}

export interface CustomTool {
  type: "custom";
  name: string;
  description: string;
  format: { type: "grammar"; syntax: "lark"; definition: string };
}

export interface WebSearchTool {
  type: "web_search";
  external_web_access: boolean;
  search_content_types?: Array<"text" | "image">;
}

export interface ToolSearchTool {
  type: "tool_search";
  execution: "client";
  description: string;
  parameters: ObjectSchema;
}

/** Functions grouped under a name; the model calls them with `namespace` set on its `function_call`. */
export interface NamespaceTool {
  type: "namespace";
  name: string;
  description: string;
  tools: Array<FunctionTool | CustomTool>;
}

export type ToolSpec = FunctionTool | CustomTool | WebSearchTool | ToolSearchTool | NamespaceTool;

/** The name the model calls a tool by (`web_search` for the hosted tool). */
export function toolName(tool: ToolSpec): string {
  return tool.type === "function" || tool.type === "custom" || tool.type === "namespace" ? tool.name : tool.type;
}
