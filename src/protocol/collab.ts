import { z } from "zod";
import { Int } from "./common.js";
import { ReasoningEffort } from "./policy.js";
import { named } from "./schema-meta.js";

export const CollabAgentTool = named(
  "CollabAgentTool",
  z.enum(["spawnAgent", "sendInput", "resumeAgent", "wait", "closeAgent", "sendMessage", "followupTask", "interruptAgent", "listAgents"]),
);
export type CollabAgentTool = z.infer<typeof CollabAgentTool>;

export const CollabAgentToolCallStatus = named("CollabAgentToolCallStatus", z.enum(["inProgress", "completed", "failed", "interrupted"]));
export type CollabAgentToolCallStatus = z.infer<typeof CollabAgentToolCallStatus>;

export const CollabAgentStatus = named(
  "CollabAgentStatus",
  z.enum(["pendingInit", "running", "interrupted", "completed", "errored", "shutdown", "notFound"]),
);
export type CollabAgentStatus = z.infer<typeof CollabAgentStatus>;

export const CollabAgentState = named("CollabAgentState", z.object({ status: CollabAgentStatus, message: z.string().nullable() }));
export type CollabAgentState = z.infer<typeof CollabAgentState>;

/** A multi-agent tool call of the model (spawn, send input, wait, close, resume). */
export const CollabAgentToolCallItem = z.object({
  type: z.literal("collabAgentToolCall"),
  id: z.string(),
  tool: CollabAgentTool,
  status: CollabAgentToolCallStatus,
  senderThreadId: z.string(),
  receiverThreadIds: z.array(z.string()),
  prompt: z.string().nullable(),
  model: z.string().nullable(),
  reasoningEffort: ReasoningEffort.nullable(),
  agentsStates: z.record(z.string(), CollabAgentState),
  startedAtMs: Int.nullable(),
  completedAtMs: Int.nullable(),
});
export type CollabAgentToolCallItem = z.infer<typeof CollabAgentToolCallItem>;

export const SubAgentActivityKind = named("SubAgentActivityKind", z.enum(["started", "interacted", "interrupted", "completed"]));
export type SubAgentActivityKind = z.infer<typeof SubAgentActivityKind>;

/** What happened to a multi-agent v2 sub-agent (started, given a message or task, interrupted, finished), reported in the thread that caused it. */
export const SubAgentActivityItem = z.object({
  type: z.literal("subAgentActivity"),
  id: z.string(),
  kind: SubAgentActivityKind,
  agentThreadId: z.string(),
  agentPath: z.string(),
  /** The model the sub-agent was started with (`started` only). */
  model: z.string().nullable(),
  reasoningEffort: ReasoningEffort.nullable(),
  startedAtMs: Int.nullable(),
  completedAtMs: Int.nullable(),
});
export type SubAgentActivityItem = z.infer<typeof SubAgentActivityItem>;
