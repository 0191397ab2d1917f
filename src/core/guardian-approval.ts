import type { JsonValue } from "../protocol/common.js";
import { describeValue, invalidRequest } from "../protocol/errors.js";
import { USER_OVERRIDE_NOTE_PREFIX } from "./auto-review/agent-messages.js";
import type { ThreadManager } from "./thread-manager.js";

/**
 * thread/approveGuardianDeniedAction: the user overrides one action the
 * automatic approval review denied. The event is checked the way the
 * reference deserializes its `GuardianAssessmentEvent`; a denied one leaves
 * a developer message in the thread's model context (the next turn sees it;
 * the retried action is still reviewed). Other statuses change nothing.
 */

const STATUSES = ["in_progress", "approved", "denied", "timed_out", "aborted"] as const;

/** Each action variant and the fields it cannot do without, in declaration order. */
const ACTION_FIELDS: Record<string, readonly string[]> = {
  command: ["source", "command", "cwd"],
  execve: ["source", "program", "argv", "cwd"],
  write_stdin: ["stdin", "cwd"],
  apply_patch: ["cwd", "files"],
  network_access: ["target", "host", "protocol", "port"],
  mcp_tool_call: ["server", "tool_name"],
  request_permissions: ["permissions"],
};

const COMMAND_SOURCES = ["shell", "unified_exec"] as const;

function variants(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(", ");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

interface DeniedEvent {
  id: string;
  status: (typeof STATUSES)[number];
  action: Record<string, unknown>;
}

/** The reason serde would give for refusing `event`, or the event. */
function parseEvent(event: unknown): DeniedEvent | string {
  if (!isObject(event)) return `invalid type: ${describeValue(event)}, expected struct GuardianAssessmentEvent`;
  for (const field of ["id", "status", "action"]) {
    if (event[field] === undefined) return `missing field \`${field}\``;
  }
  if (typeof event.id !== "string") return `invalid type: ${describeValue(event.id)}, expected a string`;
  const status = event.status;
  if (typeof status !== "string") return `invalid type: ${describeValue(status)}, expected string or map`;
  if (!(STATUSES as readonly string[]).includes(status)) return `unknown variant \`${status}\`, expected one of ${variants(STATUSES)}`;
  const action = event.action;
  if (!isObject(action)) return `invalid type: ${describeValue(action)}, expected internally tagged enum GuardianAssessmentAction`;
  if (action.type === undefined) return "missing field `type`";
  const fields = typeof action.type === "string" ? ACTION_FIELDS[action.type] : undefined;
  if (!fields) return `unknown variant \`${String(action.type)}\`, expected one of ${variants(Object.keys(ACTION_FIELDS))}`;
  for (const field of fields) {
    if (action[field] === undefined) return `missing field \`${field}\``;
  }
  if (fields.includes("source") && !(COMMAND_SOURCES as readonly string[]).includes(action.source as string)) {
    return `unknown variant \`${String(action.source)}\`, expected one of ${variants(COMMAND_SOURCES)}`;
  }
  return { id: event.id, status: status as DeniedEvent["status"], action };
}

/** The developer message that tells the model about the override (our wording). */
function approvalMessage(event: DeniedEvent): JsonValue {
  const text =
    `${USER_OVERRIDE_NOTE_PREFIX} (review ${event.id}). ` +
    "Only that exact action, with exactly these arguments, is approved, and only once; it does not extend to similar actions. " +
    `Approved action: ${JSON.stringify({ action: event.action, outcome: "allowed" })}`;
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

export function approveGuardianDeniedAction(threads: ThreadManager, threadId: string, event: unknown): void {
  const parsed = parseEvent(event);
  if (typeof parsed === "string") throw invalidRequest(`invalid Guardian denial event: ${parsed}`);
  const thread = threads.getLoaded(threadId);
  if (parsed.status !== "denied") return;
  threads.injectContext(thread, [approvalMessage(parsed)]);
}
