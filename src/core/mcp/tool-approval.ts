/**
 * Approval of an MCP tool call in a turn, as the reference decides it:
 *
 * - never asked in full access (`never` + no sandbox);
 * - `approval_mode = "approve"`: never asked;
 * - `approval_mode = "prompt"`: always asked, and "for the session" is not offered;
 * - `approval_mode = "auto"` (default): asked when the tool's annotations
 *   say it may have side effects (`destructiveHint`, or neither
 *   `readOnlyHint` nor `openWorldHint: false` / `destructiveHint: false`);
 *   a tool without annotations is not asked about.
 *
 * The question goes to the client as an `mcpServer/elicitation/request`
 * form with no fields and `_meta.codex_approval_kind = "mcp_tool_call"`;
 * `accept` with `_meta.persist = "session"` approves the tool for the rest
 * of the thread's session.
 */
import type { McpToolApprovalMode } from "../../config/mcp-servers.js";
import type { AskForApproval, SandboxPolicy } from "../../protocol/policy.js";
import type { McpElicitationAnswer, McpListedTool } from "./connection.js";
import { isFullAccess, wireRequestedSchema, type ElicitationRequestParams } from "./elicitation.js";

export type McpToolApprovalDecision = "accept" | "acceptForSession" | "decline" | "cancel";

interface ToolAnnotations {
  readOnlyHint?: unknown;
  destructiveHint?: unknown;
  openWorldHint?: unknown;
}

/** The reference's reading of the annotations: side effects unless said otherwise. */
function annotationsRequireApproval(annotations: ToolAnnotations): boolean {
  if (annotations.destructiveHint === true) return true;
  if (annotations.readOnlyHint === true) return false;
  return annotations.destructiveHint !== false || annotations.openWorldHint !== false;
}

export function needsApproval(
  tool: McpListedTool,
  mode: McpToolApprovalMode,
  approvalPolicy: AskForApproval,
  sandboxPolicy: SandboxPolicy,
): boolean {
  if (isFullAccess(approvalPolicy, sandboxPolicy)) return false;
  if (mode === "approve") return false;
  if (mode === "prompt") return true;
  const annotations = tool.annotations;
  if (!annotations || typeof annotations !== "object") return false;
  return annotationsRequireApproval(annotations as ToolAnnotations);
}

export function sessionApprovalKey(server: string, tool: string): string {
  return JSON.stringify([server, tool]);
}

/** The approval question, as an elicitation form with no fields. */
export function approvalElicitation(
  context: { threadId: string; turnId: string; server: string; mode: McpToolApprovalMode },
  tool: McpListedTool,
  args: Record<string, unknown> | undefined,
): ElicitationRequestParams {
  const meta: Record<string, unknown> = { codex_approval_kind: "mcp_tool_call" };
  if (context.mode === "auto") meta.persist = "session";
  if (typeof tool.title === "string") meta.tool_title = tool.title;
  if (typeof tool.description === "string") meta.tool_description = tool.description;
  if (args !== undefined) {
    meta.tool_params = args;
    meta.tool_params_display = Object.keys(args)
      .sort()
      .map((name) => ({ name, value: args[name], display_name: name }));
  }
  return {
    threadId: context.threadId,
    turnId: context.turnId,
    serverName: context.server,
    mode: "form",
    _meta: meta,
    message: `Allow the ${context.server} MCP server to run tool "${tool.name}"?`,
    requestedSchema: wireRequestedSchema({ type: "object", properties: {} }),
  };
}

export function approvalDecision(answer: McpElicitationAnswer, mode: McpToolApprovalMode): McpToolApprovalDecision {
  if (answer.action !== "accept") return answer.action;
  const persist = answer._meta?.persist;
  if (mode === "auto" && (persist === "session" || persist === "always")) return "acceptForSession";
  return "accept";
}

export const APPROVAL_DECLINED_MESSAGE = "user rejected MCP tool call";
export const APPROVAL_CANCELLED_MESSAGE = "user cancelled MCP tool call";
