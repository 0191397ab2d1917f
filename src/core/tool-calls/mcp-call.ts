/**
 * MCP tools in a turn: each ready server's enabled tools offered as one
 * `namespace` tool (`mcp__<server>`, holding the server's tools as
 * functions), and a call on such a namespace run as an `mcpToolCall` item.
 */
import type { JsonValue } from "../../protocol/common.js";
import { ErrorCode, RpcError } from "../../protocol/errors.js";
import type { McpToolCallItem } from "../../protocol/mcp.js";
import type { TruncationPolicy } from "../../model/catalog-entry.js";
import type { PendingRequestKind } from "../loaded-thread.js";
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
import { reviewAction, routesToAutoReview } from "../auto-review/index.js";
import type { ServerRequestIds } from "../ports.js";
import type { FunctionTool } from "../tools/specs/index.js";
import type { DeferredTool } from "../tools/tool-search.js";
import { requestFromThread } from "../thread-requests.js";
import type { FunctionCall, ToolCallRecord, TurnRunner } from "../turn-runner.js";
import { nestedToolDescription, type NestedToolSpec } from "../tools/specs/index.js";
import { mcpItemResult } from "./mcp-item-result.js";
import { mcpErrorOutput, mcpResultOutput, startedMcpItem, withoutImages } from "./mcp-output.js";
import { MCP_NAMESPACE_PREFIX, mcpNamespaceDescription, mcpNamespaceOf, mcpToolParameters, sanitizeMcpName } from "./mcp-tool-spec.js";
import { callRecord, errorMessage } from "./records.js";

/** What a turn needs from the MCP servers. */
export type McpTools = Pick<
  McpManager,
  "offeredTools" | "derivedFromTools" | "callTool" | "whenSettled" | "requiredFailure" | "approvalModeOf" | "serverNames" | "listResourcePage" | "readResource"
>;

/**
 * Elicitations about the turn's calls go to the thread's subscribers (first
 * answer wins), under the settings the turn runs with (a review's read-only
 * `never`, a turn/settings/update), not the thread's stored ones.
 */
function turnElicitationTarget(requestIds: ServerRequestIds, turn: TurnRunner, kind: PendingRequestKind): McpElicitationTarget {
  const settings = turn.effectiveSettings();
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

/**
 * One `namespace` tool per server with enabled tools, sorted by name, each
 * server's tools sorted by name. Built once per change of the offered tools
 * (shared: callers must not change it), like the other views below.
 */
export function mcpToolDefinitions(mcp: McpTools): readonly JsonValue[] {
  return mcp.derivedFromTools("definitions", () => buildToolDefinitions(mcp));
}

function buildToolDefinitions(mcp: McpTools): JsonValue[] {
  const byNamespace = new Map<string, McpOfferedTool[]>();
  for (const offered of mcp.offeredTools()) {
    const namespace = mcpNamespaceOf(offered.server);
    const list = byNamespace.get(namespace) ?? [];
    list.push(offered);
    byNamespace.set(namespace, list);
  }
  return [...byNamespace.keys()].sort().map((namespace) => {
    const offered = byNamespace.get(namespace)!;
    const tools = offered.map(({ tool }) => ({
      type: "function",
      name: sanitizeMcpName(tool.name),
      description: typeof tool.description === "string" ? tool.description : "",
      strict: false,
      parameters: mcpToolParameters(tool.inputSchema),
    }));
    tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { type: "namespace", name: namespace, description: mcpNamespaceDescription(namespace, offered[0]!.instructions), tools };
  });
}

/** Built-in tools the MCP namespaces come after (whichever of them are offered). */
const BEFORE_MCP = new Set(["exec_command", "write_stdin", "update_plan", "request_user_input", "view_image", "multi_agent_v1"]);

/** `tools` with the MCP namespaces placed where the reference places them. */
export function insertMcpNamespaces(tools: JsonValue[], namespaces: readonly JsonValue[]): JsonValue[] {
  if (namespaces.length === 0) return tools;
  let at = 0;
  tools.forEach((tool, index) => {
    const name = (tool as { name?: unknown }).name;
    if (typeof name === "string" && BEFORE_MCP.has(name)) at = index + 1;
  });
  return [...tools.slice(0, at), ...namespaces, ...tools.slice(at)];
}

/** The MCP tools as `tool_search` indexes them, with each server's instructions ("" when none) for the `<tools>` list. */
export function mcpDeferredTools(mcp: McpTools): ReadonlyArray<DeferredTool & { instructions: string }> {
  return mcp.derivedFromTools("deferred", () => buildDeferredTools(mcp));
}

function buildDeferredTools(mcp: McpTools): Array<DeferredTool & { instructions: string }> {
  return mcpToolDefinitions(mcp).flatMap((definition) => {
    const namespace = definition as unknown as { name: string; description: string; tools: FunctionTool[] };
    const instructions = mcp.offeredTools().find((offered) => mcpNamespaceOf(offered.server) === namespace.name)?.instructions ?? "";
    return namespace.tools.map((tool) => ({ namespace: { name: namespace.name, description: namespace.description }, tool, keywords: "", instructions: instructions.trim() === "" ? "" : instructions }));
  });
}

/**
 * The MCP tools as `exec` scripts reach them in code mode:
 * `tools.mcp__<server>__<tool>(args)` resolving with the `CallToolResult`,
 * listed in `ALL_TOOLS` but not described in the `exec` tool.
 */
export function mcpNestedTools(mcp: McpTools): readonly NestedToolSpec[] {
  return mcp.derivedFromTools("nested", () => buildNestedTools(mcp));
}

function buildNestedTools(mcp: McpTools): NestedToolSpec[] {
  return mcp.offeredTools().map(({ server, tool }) => {
    const namespace = mcpNamespaceOf(server);
    const name = sanitizeMcpName(tool.name);
    const spec: FunctionTool = {
      type: "function",
      name,
      description: typeof tool.description === "string" ? tool.description : "",
      strict: false,
      parameters: mcpToolParameters(tool.inputSchema) as unknown as FunctionTool["parameters"],
    };
    const outputSchema = (tool as { outputSchema?: unknown }).outputSchema;
    const nested: NestedToolSpec = {
      name: `${namespace}__${name}`,
      spec,
      output: "mcp" as const,
      ...(outputSchema !== undefined ? { structuredContent: outputSchema } : {}),
      deferred: true,
      target: { namespace, name },
    };
    return { ...nested, description: nestedToolDescription(nested) };
  });
}

/** The offered tool a call names, if the call is on an MCP namespace. */
export function findMcpTool(mcp: McpTools, call: FunctionCall): McpOfferedTool | null {
  if (call.namespace === null || !call.namespace.startsWith(MCP_NAMESPACE_PREFIX)) return null;
  const byCallName = mcp.derivedFromTools("byCallName", () => {
    const map = new Map<string, McpOfferedTool>();
    for (const offered of mcp.offeredTools()) {
      const key = JSON.stringify([mcpNamespaceOf(offered.server), sanitizeMcpName(offered.tool.name)]);
      if (!map.has(key)) map.set(key, offered);
    }
    return map;
  });
  return byCallName.get(JSON.stringify([call.namespace, call.name])) ?? null;
}

/** Asks for approval (the user, or the automatic reviewer) when the tool needs it; null when it may run. */
async function refusal(
  requestIds: ServerRequestIds,
  mcp: McpTools,
  offered: McpOfferedTool,
  args: Record<string, unknown> | undefined,
  turn: TurnRunner,
  callId: string,
): Promise<string | null> {
  const { approvalPolicy, sandboxPolicy, approvalsReviewer } = turn.effectiveSettings();
  const mode = mcp.approvalModeOf(offered.server, offered.tool.name);
  if (!needsApproval(offered.tool, mode, approvalPolicy, sandboxPolicy)) return null;
  const key = sessionApprovalKey(offered.server, offered.tool.name);
  if (mode === "auto" && turn.thread.approvals.mcpTools.has(key)) return null;
  if (routesToAutoReview(approvalPolicy, approvalsReviewer)) {
    const title = typeof offered.tool.title === "string" ? offered.tool.title : null;
    const action = { type: "mcpToolCall", server: offered.server, toolName: offered.tool.name, connectorId: null, connectorName: null, toolTitle: title } as const;
    const verdict = await reviewAction(turn.autoReviewHost(), action, callId);
    // As the reference: an aborted review declines without a reason of its own.
    if (verdict.kind === "approved") return null;
    return verdict.kind === "aborted" ? APPROVAL_DECLINED_MESSAGE : verdict.message;
  }
  const target = turnElicitationTarget(requestIds, turn, "waitingOnApproval");
  const params = approvalElicitation({ threadId: turn.threadId, turnId: turn.turnId, server: offered.server, mode }, offered.tool, args);
  const decision = approvalDecision(await target.ask(params, turn.signal), mode);
  if (decision === "acceptForSession") turn.thread.approvals.mcpTools.add(key);
  if (decision === "decline") return APPROVAL_DECLINED_MESSAGE;
  if (decision === "cancel") return APPROVAL_CANCELLED_MESSAGE;
  return null;
}

/** A failed call's cause in the reference's words: its timeout, its lost transport, or the server's error with its code. */
function failureCause(error: unknown): string {
  const message = errorMessage(error);
  const timeout = /timed out after (\d+(?:\.\d+)?)s/.exec(message);
  if (timeout) return `timed out awaiting tools/call after ${timeout[1]}s`;
  if (error instanceof RpcError && error.code === CONNECTION_CLOSED) return "Transport closed";
  if (error instanceof RpcError && error.code !== ErrorCode.internalError) return `Mcp error: ${error.code}: ${message}`;
  return message;
}

/** The MCP SDK's code for a connection that closed under a request. */
const CONNECTION_CLOSED = -32000;

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
  const readOnlyHint = typeof annotations?.readOnlyHint === "boolean" ? annotations.readOnlyHint : null;
  const item = startedMcpItem(call.callId, offered.server, offered.tool.name, (args ?? {}) as JsonValue, readOnlyHint);
  turn.itemStarted(item);
  const started = item.startedAtMs!;
  const { thread } = turn;
  let completed: McpToolCallItem;
  let output: JsonValue;
  const refused = await refusal(requestIds, mcp, offered, args, turn, call.callId);
  if (refused !== null) {
    completed = { ...item, status: "failed", error: { message: refused }, durationMs: 0, completedAtMs: Date.now() };
    turn.emitItemCompleted(completed);
    return callRecord(call, refused, completed);
  }
  try {
    const called = await mcp.callTool(offered.server, offered.tool.name, args, {
      signal: turn.signal,
      elicitationTarget: turnElicitationTarget(requestIds, turn, "waitingOnUserInput"),
      onProgress: (progress) => {
        const message = progress.message ?? (progress.total !== undefined ? `${progress.progress}/${progress.total}` : String(progress.progress));
        thread.emit("item/mcpToolCall/progress", { threadId: turn.threadId, turnId: turn.turnId, itemId: item.id, message });
      },
    });
    const result = turn.modelMetadata().info.input_modalities.includes("image") ? called : withoutImages(called);
    const wallMs = Date.now() - started;
    completed = { ...item, status: result.isError === true ? "failed" : "completed", result: mcpItemResult(result), durationMs: wallMs, completedAtMs: Date.now() };
    output = mcpResultOutput(result, setup.truncation, wallMs);
  } catch (error) {
    const wallMs = Date.now() - started;
    // The reference's wording around the cause (without its Rust backtrace).
    const message = `tool call error: tool call failed for \`${offered.server}/${offered.tool.name}\`\n\nCaused by:\n    ${failureCause(error).replace(/\n/g, "\n    ")}`;
    completed = { ...item, status: "failed", error: { message }, durationMs: wallMs, completedAtMs: Date.now() };
    output = mcpErrorOutput(message, setup.truncation, wallMs);
  }
  turn.emitItemCompleted(completed);
  return callRecord(call, output, completed);
}
