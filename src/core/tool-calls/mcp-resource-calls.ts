/**
 * `list_mcp_resources`, `list_mcp_resource_templates` and `read_mcp_resource`
 * in a turn, as the reference runs them (checked with a recorded session):
 * each call that gets past its arguments is an `mcpToolCall` item (server
 * `codex` when no server was named); the model reads the answer as JSON text.
 */
import type { JsonValue } from "../../protocol/common.js";
import type { McpToolCallItem } from "../../protocol/mcp.js";
import type { McpManager } from "../mcp/manager.js";
import type { McpResourceToolName } from "../tools/specs/mcp-resources.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { callRecord, errorMessage } from "./records.js";
import { startedMcpItem } from "./mcp-output.js";

export type McpResources = Pick<McpManager, "serverNames" | "listResourcePage" | "readResource">;

type JsonObject = { [key: string]: JsonValue };

/** The item's server when the call named none. */
const ALL_SERVERS = "codex";
const MAX_PAGES = 100;

/** Known fields first, in the reference's order, then whatever else the server sent. */
function ordered(value: unknown, keys: readonly string[], lead: JsonObject = {}): JsonObject {
  const source = (value ?? {}) as JsonObject;
  const out: JsonObject = { ...lead };
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key]!;
  for (const [key, field] of Object.entries(source)) if (!(key in out)) out[key] = field;
  return out;
}

const RESOURCE_KEYS = ["uri", "name", "title", "description", "mimeType", "size", "annotations", "icons", "_meta"];
const TEMPLATE_KEYS = ["uriTemplate", "name", "title", "description", "mimeType", "annotations", "icons", "_meta"];
const CONTENTS_KEYS = ["uri", "mimeType", "text", "blob", "_meta"];

class CallFailure extends Error {}

function parseArgs(call: FunctionCall, required: readonly string[]): Record<string, unknown> {
  const text = call.arguments.trim();
  let parsed: unknown;
  try {
    parsed = text === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new Error(`failed to parse function arguments: ${errorMessage(error)}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("failed to parse function arguments: invalid type: expected a map");
  const args = parsed as Record<string, unknown>;
  for (const key of required) if (args[key] === undefined) throw new Error(`failed to parse function arguments: missing field \`${key}\``);
  for (const key of ["server", "uri", "cursor"]) {
    if (args[key] !== undefined && args[key] !== null && typeof args[key] !== "string") throw new Error(`failed to parse function arguments: invalid type for \`${key}\`, expected a string`);
  }
  return args;
}

async function listAll(mcp: McpResources, server: string, kind: "resources" | "templates"): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await mcp.listResourcePage(server, kind, cursor);
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

async function listAnswer(mcp: McpResources, kind: "resources" | "templates", server: string | undefined, cursor: string | undefined): Promise<JsonObject> {
  const field = kind === "resources" ? "resources" : "resourceTemplates";
  const keys = kind === "resources" ? RESOURCE_KEYS : TEMPLATE_KEYS;
  const method = kind === "resources" ? "resources/list" : "resources/templates/list";
  if (server === undefined) {
    if (cursor !== undefined) throw new CallFailure("cursor can only be used when a server is specified");
    const all: JsonValue[] = [];
    for (const name of mcp.serverNames()) {
      const items = await listAll(mcp, name, kind).catch(() => []);
      all.push(...items.map((item) => ordered(item, keys, { server: name })));
    }
    return { [field]: all };
  }
  try {
    const page = await mcp.listResourcePage(server, kind, cursor);
    return { server, [field]: page.items.map((item) => ordered(item, keys, { server })), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  } catch (error) {
    throw new CallFailure(`${method} failed: ${method} failed for \`${server}\`: ${upstreamCause(error)}`);
  }
}

function upstreamCause(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "number" ? `Mcp error: ${code}: ${errorMessage(error)}` : errorMessage(error);
}

export async function runMcpResourceCall(mcp: McpResources, tool: McpResourceToolName, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  let args: Record<string, unknown>;
  try {
    args = parseArgs(call, tool === "read_mcp_resource" ? ["server", "uri"] : []);
  } catch (error) {
    return callRecord(call, errorMessage(error));
  }
  const server = typeof args.server === "string" ? args.server : undefined;
  // An unknown server is refused before any item, as the reference does.
  if (server !== undefined && !mcp.serverNames().includes(server)) return callRecord(call, `unknown MCP server '${server}'`);
  const cursor = typeof args.cursor === "string" ? args.cursor : undefined;

  const item = startedMcpItem(call.callId, server ?? ALL_SERVERS, tool, args as JsonValue, null);
  turn.itemStarted(item);
  const started = item.startedAtMs!;
  let completed: McpToolCallItem;
  let output: string;
  try {
    let answer: JsonObject;
    if (tool === "read_mcp_resource") {
      const uri = args.uri as string;
      try {
        const read = await mcp.readResource(server!, uri);
        answer = { server: server!, uri, contents: read.contents.map((entry) => ordered(entry, CONTENTS_KEYS)) };
      } catch (error) {
        throw new CallFailure(`resources/read failed: resources/read failed for \`${server}\` (${uri}): ${upstreamCause(error)}`);
      }
    } else {
      answer = await listAnswer(mcp, tool === "list_mcp_resources" ? "resources" : "templates", server, cursor);
    }
    output = JSON.stringify(answer);
    completed = {
      ...item,
      status: "completed",
      result: { content: [{ type: "text", text: output }], structuredContent: null, _meta: null },
      durationMs: Date.now() - started,
      completedAtMs: Date.now(),
    };
  } catch (error) {
    output = errorMessage(error);
    completed = { ...item, status: "failed", error: { message: output }, durationMs: Date.now() - started, completedAtMs: Date.now() };
  }
  turn.emitItemCompleted(completed);
  return callRecord(call, output, completed);
}
