import type { CollabAgentState, CollabAgentStatus } from "../../protocol/collab.js";

/**
 * A sub-agent's status as the model reads it in tool outputs (the
 * reference's snake_case serialisation): a final message travels with
 * `completed`, the error text with `errored`.
 */
export type AgentStatus =
  | "pending_init"
  | "running"
  | "interrupted"
  | { completed: string | null }
  | { errored: string }
  | "shutdown"
  | "not_found";

/** Whether the agent has stopped working (waiting for it is over). */
export function isFinal(status: AgentStatus): boolean {
  return status !== "pending_init" && status !== "running";
}

/** The wire form in `collabAgentToolCall.agentsStates`. */
export function collabAgentState(status: AgentStatus): CollabAgentState {
  if (typeof status === "object") {
    return "completed" in status ? { status: "completed", message: status.completed } : { status: "errored", message: status.errored };
  }
  const names: Record<typeof status, CollabAgentStatus> = {
    pending_init: "pendingInit",
    running: "running",
    interrupted: "interrupted",
    shutdown: "shutdown",
    not_found: "notFound",
  };
  return { status: names[status], message: null };
}

/** A collab call's item status for the target's status: a missing or failed agent fails the call. */
export function callStatusFor(status: AgentStatus): "completed" | "failed" {
  return status === "not_found" || (typeof status === "object" && "errored" in status) ? "failed" : "completed";
}
