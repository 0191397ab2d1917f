import { serverStatus } from "../core/mcp/status.js";
import { invalidRequest } from "../protocol/errors.js";
import type { HandlerTable } from "./context.js";

type McpMethods = "mcpServerStatus/list" | "config/mcpServer/reload" | "mcpServer/tool/call" | "mcpServer/resource/read";

function argumentsTable(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest("arguments must be an object");
  return value as Record<string, unknown>;
}

/** Configured MCP servers: their status, reload, and direct tool calls and resource reads for clients. */
export const mcpHandlers: Pick<HandlerTable, McpMethods> = {
  "mcpServerStatus/list": (params, ctx) => {
    let statuses = ctx.services.mcp.statuses();
    if (params.serverName) statuses = statuses.filter((status) => status.config.name === params.serverName);
    const start = params.cursor ? Number.parseInt(params.cursor, 10) : 0;
    if (!Number.isInteger(start) || start < 0 || start > statuses.length) throw invalidRequest(`invalid cursor: ${params.cursor}`);
    const limit = params.limit && params.limit > 0 ? params.limit : statuses.length;
    const page = statuses.slice(start, start + limit);
    const end = start + page.length;
    return {
      data: page.map((status) => serverStatus(status, params.detail ?? "full")) as never,
      nextCursor: end < statuses.length ? String(end) : null,
    };
  },
  "config/mcpServer/reload": (_params, ctx) => {
    ctx.services.mcp.reload();
    return {};
  },
  "mcpServer/tool/call": async (params, ctx) => {
    const result = await ctx.services.mcp.callTool(params.server, params.tool, argumentsTable(params.arguments), {
      signal: ctx.signal,
      ...(params._meta && typeof params._meta === "object" ? { meta: params._meta as Record<string, unknown> } : {}),
    });
    return {
      content: result.content,
      ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}),
      isError: result.isError ?? null,
      ...(result._meta !== undefined ? { _meta: result._meta } : {}),
    };
  },
  "mcpServer/resource/read": async (params, ctx) => {
    const result = await ctx.services.mcp.readResource(params.server, params.uri);
    return { contents: result.contents, originCallId: null };
  },
};
