/**
 * MCP tools in a turn: each ready server's enabled tools offered as one
 * `namespace` tool (`mcp__<server>`, holding the server's tools as
 * functions), and a call on such a namespace run as an `mcpToolCall` item.
 */
import type { JsonValue } from "../../protocol/common.js";
import type { McpToolCallItem } from "../../protocol/mcp.js";
import type { TruncationPolicy } from "../../model/catalog-entry.js";
import type { PendingRequestKind } from "../loaded-thread.js";
import { truncateMiddle } from "../tools/unified-exec/truncation.js";
import type { McpCallResult, McpElicitationAnswer } from "../mcp/connection.js";
import { CANCELLED, elicitationAnswerFrom, type McpElicitationTarget } from "../mcp/elicitation.js";
import type { McpManager, McpOfferedTool } from "../mcp/manager.js";
import {
  APPROVAL_CANCELLED_MESSAGE,
  APPROVAL_DECLINED_MESSAGE,
  approvalDecision,
  approvalElicitation,
  needsApproval,
  sessionApprovalKey,
} from "../mcp/tool-approval.js";
import type { ServerRequestIds } from "../ports.js";
import { requestFromThread } from "../thread-requests.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import type { FunctionTool, NestedToolSpec } from "../tools/specs/index.js";
import { callRecord, errorMessage } from "./records.js";

/** What a turn needs from the MCP servers. */
export type McpTools = Pick<McpManager, "offeredTools" | "callTool" | "whenSettled" | "requiredFailure" | "approvalModeOf" | "resourceLists" | "readResource">;

/** Elicitations about the turn's calls go to the thread's subscribers (first answer wins). */
function turnElicitationTarget(requestIds: ServerRequestIds, turn: TurnRunner, kind: PendingRequestKind): McpElicitationTarget {
  const settings = turn.thread.record.settings;
  return {
    threadId: turn.threadId,
    turnId: turn.turnId,
    approvalPolicy: settings.approvalPolicy,
    sandboxPolicy: settings.sandboxPolicy,
    async ask(params, signal): Promise<McpElicitationAnswer> {
      const outcome = await requestFromThread(requestIds, turn.thread, "mcpServer/elicitation/request", params, kind, AbortSignal.any([signal, turn.signal]));
      return outcome.kind === "answered" ? elicitationAnswerFrom(outcome.answer) : CANCELLED;
    },
  };
}

const MCP_NAMESPACE_PREFIX = "mcp__";

/** Responses API tool names allow only `[a-zA-Z0-9_-]`. */
function sanitizeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_");
}

function namespaceOf(server: string): string {
  return `${MCP_NAMESPACE_PREFIX}${sanitizeName(server)}`;
}

function parametersOf(inputSchema: unknown): JsonValue {
  const schema = inputSchema && typeof inputSchema === "object" ? { ...(inputSchema as Record<string, JsonValue>) } : {};
  schema.type ??= "object";
  if (schema.type === "object" && schema.properties === undefined) schema.properties = {};
  return schema;
}

/** One `namespace` tool per server with enabled tools, in server order. */
export function mcpToolDefinitions(mcp: McpTools): JsonValue[] {
  const byServer = new Map<string, McpOfferedTool[]>();
  for (const offered of mcp.offeredTools()) {
    const list = byServer.get(offered.server) ?? [];
    list.push(offered);
    byServer.set(offered.server, list);
  }
  return [...byServer].map(([server, tools]) => ({
    type: "namespace",
    name: namespaceOf(server),
    description: "",
    tools: tools.map(({ tool }) => ({
      type: "function",
      name: sanitizeName(tool.name),
      description: typeof tool.description === "string" ? tool.description : "",
      strict: false,
      parameters: parametersOf(tool.inputSchema),
    })),
  }));
}

/**
 * The MCP tools as `exec` scripts reach them in code mode:
 * `tools.mcp__<server>__<tool>(args)` resolving with the `CallToolResult`,
 * listed in `ALL_TOOLS` but not described in the `exec` tool.
 */
export function mcpNestedTools(mcp: McpTools): NestedToolSpec[] {
  return mcp.offeredTools().map(({ server, tool }) => {
    const namespace = namespaceOf(server);
    const name = sanitizeName(tool.name);
    const spec: FunctionTool = {
      type: "function",
      name,
      description: typeof tool.description === "string" ? tool.description : "",
      strict: false,
      parameters: parametersOf(tool.inputSchema) as unknown as FunctionTool["parameters"],
    };
    const outputSchema = (tool as { outputSchema?: unknown }).outputSchema;
    return {
      name: `${namespace}__${name}`,
      spec,
      output: "mcp" as const,
      ...(outputSchema !== undefined ? { structuredContent: outputSchema } : {}),
      deferred: true,
      target: { namespace, name },
    };
  });
}

/** The offered tool a call names, if the call is on an MCP namespace. */
export function findMcpTool(mcp: McpTools, call: FunctionCall): McpOfferedTool | null {
  if (call.namespace === null || !call.namespace.startsWith(MCP_NAMESPACE_PREFIX)) return null;
  return mcp.offeredTools().find((offered) => namespaceOf(offered.server) === call.namespace && sanitizeName(offered.tool.name) === call.name) ?? null;
}

/**
 * The result as the model reads it: `structuredContent` serialized when the
 * server gave one; else the content list, as input items when it holds an
 * image, otherwise serialized.
 */
export function mcpResultOutput(result: McpCallResult, truncation: TruncationPolicy): JsonValue {
  // As the reference records any call output: text cut in the middle to the policy's budget plus 20% for serialization.
  const budget: TruncationPolicy = { mode: truncation.mode, limit: Math.ceil(truncation.limit * 1.2) };
  const cut = (text: string) => truncateMiddle(text, budget);
  if (result.structuredContent !== undefined && result.structuredContent !== null) return cut(JSON.stringify(result.structuredContent));
  const content = result.content as Array<Record<string, unknown>>;
  if (!content.some((part) => part?.type === "image")) return cut(JSON.stringify(content));
  return content.map((part): JsonValue => {
    if (part?.type === "image") return { type: "input_image", image_url: `data:${String(part.mimeType)};base64,${String(part.data)}` };
    if (part?.type === "text") return { type: "input_text", text: cut(String(part.text)) };
    return { type: "input_text", text: cut(JSON.stringify(part)) };
  });
}

/** Asks for approval when the tool needs it; null when it may run. */
async function refusal(requestIds: ServerRequestIds, mcp: McpTools, offered: McpOfferedTool, args: Record<string, unknown> | undefined, turn: TurnRunner): Promise<string | null> {
  const { approvalPolicy, sandboxPolicy } = turn.thread.record.settings;
  const mode = mcp.approvalModeOf(offered.server, offered.tool.name);
  if (!needsApproval(offered.tool, mode, approvalPolicy, sandboxPolicy)) return null;
  const key = sessionApprovalKey(offered.server, offered.tool.name);
  if (mode === "auto" && turn.thread.approvals.mcpTools.has(key)) return null;
  const target = turnElicitationTarget(requestIds, turn, "waitingOnApproval");
  const params = approvalElicitation({ threadId: turn.threadId, turnId: turn.turnId, server: offered.server, mode }, offered.tool, args);
  const decision = approvalDecision(await target.ask(params, turn.signal), mode);
  if (decision === "acceptForSession") turn.thread.approvals.mcpTools.add(key);
  if (decision === "decline") return APPROVAL_DECLINED_MESSAGE;
  if (decision === "cancel") return APPROVAL_CANCELLED_MESSAGE;
  return null;
}

export interface McpCallSetup {
  requestIds: ServerRequestIds;
  /** The model's tool-output budget. */
  truncation: TruncationPolicy;
}

export async function runMcpToolCall(setup: McpCallSetup, mcp: McpTools, offered: McpOfferedTool, call: FunctionCall, turn: TurnRunner): Promise<ToolCallRecord> {
  const { requestIds } = setup;
  let args: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = call.arguments.trim() === "" ? undefined : JSON.parse(call.arguments);
    if (parsed !== undefined && (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))) throw new Error("invalid type, expected a map");
    args = parsed as Record<string, unknown> | undefined;
  } catch (error) {
    return callRecord(call, `failed to parse function arguments: ${errorMessage(error)}`);
  }
  const annotations = offered.tool.annotations as { readOnlyHint?: unknown } | undefined;
  const item: McpToolCallItem = {
    type: "mcpToolCall",
    id: call.callId,
    server: offered.server,
    tool: offered.tool.name,
    status: "inProgress",
    arguments: args ?? {},
    result: null,
    error: null,
    durationMs: null,
    appContext: null,
    mcpAppUi: null,
    pluginId: null,
    readOnlyHint: typeof annotations?.readOnlyHint === "boolean" ? annotations.readOnlyHint : null,
    mcpAppResourceUri: null,
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
  turn.itemStarted(item);
  const started = item.startedAtMs!;
  const { thread } = turn;
  let completed: McpToolCallItem;
  let output: JsonValue;
  const refused = await refusal(requestIds, mcp, offered, args, turn);
  if (refused !== null) {
    completed = { ...item, status: "failed", error: { message: refused }, durationMs: 0, completedAtMs: Date.now() };
    turn.emitItemCompleted(completed);
    return callRecord(call, refused, completed);
  }
  try {
    const result = await mcp.callTool(offered.server, offered.tool.name, args, {
      signal: turn.signal,
      elicitationTarget: turnElicitationTarget(requestIds, turn, "waitingOnUserInput"),
      onProgress: (progress) => {
        const message = progress.message ?? (progress.total !== undefined ? `${progress.progress}/${progress.total}` : String(progress.progress));
        thread.emit("item/mcpToolCall/progress", { threadId: turn.threadId, turnId: turn.turnId, itemId: item.id, message });
      },
    });
    // As the reference writes the item: both fields always there, null when the server sent none.
    const wireResult = { content: result.content, structuredContent: result.structuredContent ?? null, _meta: result._meta ?? null };
    completed = { ...item, status: result.isError === true ? "failed" : "completed", result: wireResult, durationMs: Date.now() - started, completedAtMs: Date.now() };
    output = mcpResultOutput(result, setup.truncation);
  } catch (error) {
    const message = errorMessage(error);
    completed = { ...item, status: "failed", error: { message }, durationMs: Date.now() - started, completedAtMs: Date.now() };
    output = `tool call error: ${message}`;
  }
  turn.emitItemCompleted(completed);
  return callRecord(call, output, completed);
}
