/** `McpServerStatus` entries for mcpServerStatus/list, in the reference's shapes. */
import type { McpServerConfig } from "../../config/mcp-servers.js";
import type { McpConnection } from "./connection.js";
import type { McpManager } from "./manager.js";

type Json = Record<string, unknown>;

/** The reference's fields of an MCP object: `nullable` ones always present (null when the server left them out). */
function pick(source: Json, keys: readonly string[], nullable: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) {
    if (source[key] !== undefined) out[key] = source[key];
    else if (nullable.includes(key)) out[key] = null;
  }
  return out;
}

const TOOL_KEYS = ["name", "title", "description", "inputSchema", "outputSchema", "annotations", "icons", "_meta"] as const;
const RESOURCE_KEYS = ["name", "title", "uri", "description", "mimeType", "size", "annotations", "icons", "_meta"] as const;
const TEMPLATE_KEYS = ["name", "title", "uriTemplate", "description", "mimeType", "annotations"] as const;
const SERVER_INFO_KEYS = ["name", "version", "title", "description", "icons", "websiteUrl"] as const;
const TOOL_NULLABLE = ["title", "description", "icons"];
const RESOURCE_NULLABLE = ["title", "description", "mimeType", "size", "icons"];
const TEMPLATE_NULLABLE = ["title", "description", "mimeType"];
const SERVER_INFO_NULLABLE = ["title", "description", "icons", "websiteUrl"];

const RUNTIME_STATUS = {
  starting: "starting",
  ready: "connected",
  failed: "failed",
  cancelled: "cancelled",
  disabled: "disabled",
  notStarted: "notStarted",
} as const;

function httpOrigin(config: McpServerConfig): string | null {
  if (config.transport.type !== "streamableHttp") return null;
  try {
    return new URL(config.transport.url).origin;
  } catch {
    return null;
  }
}

export function serverStatus(
  status: ReturnType<McpManager["statuses"]>[number],
  detail: "full" | "toolsAndAuthOnly",
  authStatus: string,
): Json {
  const { config, connection } = status;
  const live: McpConnection | null = status.state === "ready" ? connection : null;
  const tools: Json = {};
  for (const tool of live?.tools ?? []) tools[tool.name] = pick(tool, TOOL_KEYS, TOOL_NULLABLE);
  const full = detail === "full";
  return {
    name: config.name,
    authStatus,
    tools,
    resources: full ? (live?.resources ?? []).map((r) => pick(r, RESOURCE_KEYS, RESOURCE_NULLABLE)) : [],
    resourceTemplates: full ? (live?.resourceTemplates ?? []).map((t) => pick(t, TEMPLATE_KEYS, TEMPLATE_NULLABLE)) : [],
    serverInfo: live?.serverInfo ? pick(live.serverInfo, SERVER_INFO_KEYS, SERVER_INFO_NULLABLE) : null,
    serverCapabilities: live?.serverCapabilities ?? null,
    httpOrigin: httpOrigin(config),
    pluginId: null,
    runtimeStatus: RUNTIME_STATUS[status.state],
    toolListMeta: null,
    toolsError: status.state === "failed" ? status.error : null,
  };
}
