import type { CollabAgentTool, CollabAgentToolCallItem } from "../../protocol/collab.js";
import type { FunctionCall, TurnRunner } from "../turn-runner.js";

/** A `collabAgentToolCall` item for a sub-agent tool call, in progress. */
export function startedCollabItem(
  call: FunctionCall,
  turn: TurnRunner,
  tool: CollabAgentTool,
  fields: Partial<CollabAgentToolCallItem> = {},
): CollabAgentToolCallItem {
  return {
    type: "collabAgentToolCall",
    id: call.callId,
    tool,
    status: "inProgress",
    senderThreadId: turn.threadId,
    receiverThreadIds: [],
    prompt: null,
    model: null,
    reasoningEffort: null,
    agentsStates: {},
    startedAtMs: Date.now(),
    completedAtMs: null,
    ...fields,
  };
}
