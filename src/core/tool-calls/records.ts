import type { JsonValue } from "../../protocol/common.js";
import { CommandExecutionRequestApprovalResponse, FileChangeRequestApprovalResponse } from "../../protocol/approvals.js";
import type { CommandExecutionItem, ThreadItem } from "../../protocol/item.js";
import { parseCommandActions, shlexJoin } from "../tools/index.js";
import type { ThreadRequestOutcome } from "../thread-requests.js";
import type { FunctionCall, ToolCallRecord } from "../turn-runner.js";

/** The model's call as it goes back into the model context (no item id: requests are stateless). */
export function callContext(call: FunctionCall): JsonValue {
  if (call.kind === "tool_search") return call.raw;
  if (call.kind === "custom") return { type: "custom_tool_call", name: call.name, input: call.arguments, call_id: call.callId };
  const out: { [key: string]: JsonValue } = { type: "function_call", name: call.name, arguments: call.arguments, call_id: call.callId };
  if (call.namespace !== null) out.namespace = call.namespace;
  return out;
}

/** The call's output item: `custom_tool_call_output` for a custom tool, else `function_call_output`. */
export function outputContext(call: FunctionCall, output: JsonValue): JsonValue {
  if (call.kind === "tool_search") return { type: "tool_search_output", call_id: call.callId, status: "completed", execution: "client", tools: output };
  const type = call.kind === "custom" ? "custom_tool_call_output" : "function_call_output";
  return { type, call_id: call.callId, output };
}

/** The record of a call: its item (or none) with the call and its output as model context. */
export function callRecord(call: FunctionCall, output: JsonValue, item: ThreadItem | null = null): ToolCallRecord {
  return { item, context: [callContext(call), outputContext(call, output)] };
}

/**
 * A function call's arguments as a JSON object, or the reference's text for
 * arguments that are not one. `emptyIsObject`: an empty string counts as `{}`
 * (tools whose parameters are all optional).
 */
export function parseObjectArguments(call: FunctionCall, emptyIsObject: boolean): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(emptyIsObject && call.arguments === "" ? "{}" : call.arguments);
  } catch (error) {
    return `failed to parse function arguments: ${errorMessage(error)}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "failed to parse function arguments: invalid type, expected a map";
  return value as Record<string, unknown>;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the user decided about one approval request (or what stands in for a decision). */
export type Decision = "accept" | "acceptForSession" | "decline" | "cancel" | "aborted";

export const ALL_DECISIONS = ["accept", "acceptForSession", "decline", "cancel"] as const;

/** A decision from a request outcome: an error answer, an unparseable answer or no client at all count as `decline`. */
export function decisionOf(outcome: ThreadRequestOutcome, kind: "command" | "fileChange"): Decision {
  if (outcome.kind === "cleared") return outcome.reason === "aborted" ? "aborted" : "decline";
  if (outcome.answer.error) return "decline";
  if (kind === "fileChange") {
    const parsed = FileChangeRequestApprovalResponse.safeParse(outcome.answer.result);
    return parsed.success ? parsed.data.decision : "decline";
  }
  const parsed = CommandExecutionRequestApprovalResponse.safeParse(outcome.answer.result);
  if (!parsed.success) return "decline";
  const decision = parsed.data.decision;
  if (typeof decision === "string") return decision;
  // No persistent exec policy here: an amendment is remembered for the thread like acceptForSession.
  if ("acceptWithExecpolicyAmendment" in decision) return "acceptForSession";
  return decision.applyNetworkPolicyAmendment.network_policy_amendment.action === "allow" ? "accept" : "decline";
}

/** The model's text for a declined approval; `cancel` also says the turn was interrupted. */
export function declinedOutput(decision: Decision, rejection: string): string {
  return decision === "aborted" ? "aborted" : decision === "cancel" ? `${rejection}; the turn was interrupted` : rejection;
}

/** A `commandExecution` item for `argv` as it starts (the model's `exec_command` or the user's `!cmd`). */
export function startedCommandItem(id: string, argv: readonly string[], cwd: string, source: CommandExecutionItem["source"]): CommandExecutionItem {
  return {
    type: "commandExecution",
    id,
    command: shlexJoin(argv),
    cwd,
    processId: null,
    source,
    status: "inProgress",
    commandActions: parseCommandActions(argv, { cwd }),
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
    pluginId: null,
    scriptPath: null,
    startedAtMs: Date.now(),
    completedAtMs: null,
  };
}
