import type { JsonValue } from "../../protocol/common.js";
import type { AgentStatus } from "./agent-status.js";

/**
 * What one agent tells another (multi-agent v2), in the envelope the
 * reference puts in the recipient's model context: the kind of message, the
 * task it concerns, the sender, then the payload.
 */
export type InterAgentMessageType = "NEW_TASK" | "MESSAGE" | "FINAL_ANSWER";

export function interAgentEnvelope(type: InterAgentMessageType, taskName: string, sender: string, payload: string): string {
  return `Message Type: ${type}\nTask name: ${taskName}\nSender: ${sender}\nPayload:\n${payload}`;
}

const ERROR_NEXT_ACTION =
  "This agent's turn failed. If you still need this agent, use the available collaboration tools to give it another task.";

/** The payload a finished sub-agent sends its parent, or none while it is not finished (interrupted counts as not finished). */
export function completionPayload(status: AgentStatus): string | undefined {
  if (typeof status === "object") return "completed" in status ? (status.completed ?? "") : `Agent errored: ${status.errored}\n\n${ERROR_NEXT_ACTION}`;
  if (status === "shutdown") return "Agent shut down.";
  if (status === "not_found") return "Agent was not found.";
  return undefined;
}

/** The model-context item carrying an envelope (a user-role message, as the reference stores such markers). */
export function envelopeContextItem(text: string): JsonValue {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}
