/**
 * `list_mcp_resources`, `list_mcp_resource_templates` and `read_mcp_resource`
 * (nested tools of code mode), as the reference answers them: the output is
 * JSON text (`{"resources":[{"server",…}]}`, with `"server"` first when one
 * was asked for; `{"resourceTemplates":[…]}`; `{"server","uri","contents"}`),
 * shown as an `mcpToolCall` item whose server is the one asked for, or
 * `codex` for a list across servers. Bad arguments and unknown servers are
 * errors without an item.
 *
 * Lists are the ones each server reported when it started (no paging).
 */
import type { JsonValue } from "../../protocol/common.js";
import type { McpToolCallItem } from "../../protocol/mcp.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import type { McpTools } from "./mcp-call.js";
import { callRecord, errorMessage } from "./records.js";

export const MCP_RESOURCE_TOOL_NAMES: ReadonlySet<string> = new Set(["list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource"]);

const RESOURCE_KEYS = ["uri", "name", "title", "description", "mimeType", "size", "icons", "annotations", "_meta"];
const TEMPLATE_KEYS = ["uriTemplate", "name", "title", "description", "mimeType", "icons", "annotations", "_meta"];

/** `entry` with `server` first and its known fields in the reference's order (unknown ones dropped). */
function withServer(server: string, entry: Record<string, unknown>, keys: string[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { server };
  for (const key of keys) if (entry[key] !== undefined && entry[key] !== null) out[key] = entry[key] as JsonValue;
  return out;
}

type Args = { server?: string; uri?: string; cursor?: string };

function parseArgs(text: string, required: Array<"server" | "uri">): Args | string {
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    return `failed to parse function arguments: ${errorMessage(error)}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "failed to parse function arguments: invalid type: expected a JSON object";
  const args = value as Record<string, unknown>;
  for (const key of ["server", "uri", "cursor"] as const) {
    if (args[key] !== undefined && args[key] !== null && typeof args[key] !== "string") {
      return `failed to parse function arguments: invalid type for \`${key}\`, expected a string`;
    }
  }
  for (const key of required) if (typeof args[key] !== "string") return `failed to parse function arguments: missing field \`${key}\``;
  return args as Args;
}

function unknownServer(server: string): string {
  return `unknown MCP server '${server}'`;
}

async function withItem(call: FunctionCall, turn: TurnRunner, server: string, args: Args, produce: () => Promise<string>): Promise<ToolCallRecord> {
  const arguments_: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(args)) if (value !== undefined) arguments_[key] = value as JsonValue;
  const item: McpToolCallItem = {
    type: "mcpToolCall",
    id: call.callId,
    server,
    tool: call.name,
    status: "inProgress",
    arguments: arguments_,
    result: null,
    error: null,
    durationMs: null,
    appContext: null,
    mcpAppUi: null,
    pluginId: null,
    readOnlyHint: null,
    mcpAppResourceUri: null,
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
  turn.itemStarted(item);
  const started = item.startedAtMs!;
  let completed: McpToolCallItem;
  let output: string;
  try {
    output = await produce();
    completed = { ...item, status: "completed", result: { content: [{ type: "text", text: output }], structuredContent: null, _meta: null }, durationMs: Date.now() - started, completedAtMs: Date.now() };
  } catch (error) {
    output = `resources/read failed: ${errorMessage(error)}`;
    completed = { ...item, status: "failed", error: { message: output }, durationMs: Date.now() - started, completedAtMs: Date.now() };
  }
  turn.emitItemCompleted(completed);
  return callRecord(call, output, completed);
}

export async function runMcpResourceCall(mcp: McpTools, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const read = call.name === "read_mcp_resource";
  const args = parseArgs(call.arguments, read ? ["server", "uri"] : []);
  if (typeof args === "string") return callRecord(call, args);
  const lists = mcp.resourceLists();
  if (args.server !== undefined && !lists.some((entry) => entry.server === args.server)) return callRecord(call, unknownServer(args.server));
  if (read) {
    const server = args.server!;
    return withItem(call, turn, server, args, async () => {
      const { contents } = await mcp.readResource(server, args.uri!);
      return JSON.stringify({ server, uri: args.uri!, contents: contents as JsonValue });
    });
  }
  const templates = call.name === "list_mcp_resource_templates";
  const chosen = lists.filter((entry) => args.server === undefined || entry.server === args.server);
  const entries = chosen.flatMap((entry) =>
    templates
      ? entry.templates.map((template) => withServer(entry.server, template, TEMPLATE_KEYS))
      : entry.resources.map((resource) => withServer(entry.server, resource, RESOURCE_KEYS)),
  );
  const key = templates ? "resourceTemplates" : "resources";
  const body: Record<string, JsonValue> = args.server === undefined ? { [key]: entries } : { server: args.server, [key]: entries };
  return withItem(call, turn, args.server ?? "codex", args, async () => JSON.stringify(body));
}
