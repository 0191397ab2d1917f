import { connectionElicitationTarget, type McpElicitationTarget } from "../core/mcp/elicitation.js";
import { serverStatus } from "../core/mcp/status.js";
import { sandboxPolicyFor } from "../core/thread-settings.js";
import type { AskForApproval } from "../protocol/policy.js";
import { invalidRequest } from "../protocol/errors.js";
import type { HandlerTable, RequestContext } from "./context.js";

type McpMethods =
  | "mcpServerStatus/list"
  | "config/mcpServer/reload"
  | "mcpServer/tool/call"
  | "mcpServer/resource/read"
  | "mcpServer/oauth/login"
  | "mcpServer/event/stream/start"
  | "mcpServer/event/stream/stop";

/** The reference serves event streams only for its hosted apps server, which is not configured here. */
const HOSTED_APPS_SERVER = "codex_apps";

/** A client's own call: the server's elicitations go back to that client, under the thread's policy (or the config's). */
function directCallTarget(threadId: string, ctx: RequestContext): McpElicitationTarget {
  const thread = ctx.services.threads.findLoaded(threadId);
  const { settings } = ctx.services.config;
  const policies = thread
    ? { approvalPolicy: thread.record.settings.approvalPolicy, sandboxPolicy: thread.record.settings.sandboxPolicy }
    : { approvalPolicy: settings.approvalPolicy as AskForApproval, sandboxPolicy: sandboxPolicyFor(settings.sandboxMode, settings) };
  return connectionElicitationTarget(ctx.services.mcp.serverRequestIds, ctx.connection, { threadId, ...policies });
}

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
      data: page.map((status) => serverStatus(status, params.detail ?? "full", ctx.services.mcp.authStatus(status.config, status.unauthorized))) as never,
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
      elicitationTarget: directCallTarget(params.threadId, ctx),
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
  "mcpServer/oauth/login": async (params, ctx) => {
    return ctx.services.mcp.oauthLogin(params.name, {
      scopes: params.scopes ?? null,
      threadId: params.threadId ?? null,
      timeoutMs: params.timeoutSecs ? params.timeoutSecs * 1000 : null,
    });
  },
  "mcpServer/event/stream/start": (params) => {
    if (params.server !== HOSTED_APPS_SERVER) throw invalidRequest("MCP event subscriptions are only supported for hosted apps");
    throw invalidRequest(`unknown MCP server \`${params.server}\``);
  },
  // Stopping a subscription that does not exist is not an error.
  "mcpServer/event/stream/stop": () => ({}),
};
