// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CollabAgentState } from "./CollabAgentState";
import type { CollabAgentTool } from "./CollabAgentTool";
import type { CollabAgentToolCallStatus } from "./CollabAgentToolCallStatus";
import type { CommandAction } from "./CommandAction";
import type { CommandExecutionSource } from "./CommandExecutionSource";
import type { CommandExecutionStatus } from "./CommandExecutionStatus";
import type { DynamicToolCallOutputContentItem } from "./DynamicToolCallOutputContentItem";
import type { DynamicToolCallStatus } from "./DynamicToolCallStatus";
import type { FileUpdateChange } from "./FileUpdateChange";
import type { HookPromptFragment } from "./HookPromptFragment";
import type { JsonValue } from "./JsonValue";
import type { McpToolCallError } from "./McpToolCallError";
import type { McpToolCallResult } from "./McpToolCallResult";
import type { McpToolCallStatus } from "./McpToolCallStatus";
import type { MessagePhase } from "./MessagePhase";
import type { PatchApplyStatus } from "./PatchApplyStatus";
import type { ReasoningEffort } from "./ReasoningEffort";
import type { SubAgentActivityKind } from "./SubAgentActivityKind";
import type { UserInput } from "./UserInput";
import type { WebSearchAction } from "./WebSearchAction";

export type ThreadItem = {
  type: "userMessage";
  id: string;
  clientId: string | null;
  content: Array<UserInput>;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "agentMessage";
  id: string;
  text: string;
  phase: MessagePhase | null;
  moderation: JsonValue | null;
  memoryCitation: JsonValue | null;
  delivery: "async" | null;
  questions: Array<JsonValue> | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "reasoning";
  id: string;
  summary: Array<string>;
  content: Array<string>;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "plan";
  id: string;
  text: string;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "commandExecution";
  id: string;
  command: string;
  cwd: string;
  processId: string | null;
  source: CommandExecutionSource;
  status: CommandExecutionStatus;
  commandActions: Array<CommandAction>;
  aggregatedOutput: string | null;
  exitCode: number | null;
  durationMs: number | null;
  pluginId: string | null;
  scriptPath: string | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "fileChange";
  id: string;
  changes: Array<FileUpdateChange>;
  status: PatchApplyStatus;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "webSearch";
  id: string;
  query: string;
  action: WebSearchAction | null;
  results: Array<JsonValue> | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "contextCompaction";
  id: string;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "mcpToolCall";
  id: string;
  server: string;
  tool: string;
  status: McpToolCallStatus;
  arguments?: unknown;
  result: McpToolCallResult | null;
  error: McpToolCallError | null;
  durationMs: number | null;
  appContext: null;
  mcpAppUi: null;
  pluginId: string | null;
  readOnlyHint: boolean | null;
  mcpAppResourceUri?: string | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "dynamicToolCall";
  id: string;
  namespace: string | null;
  tool: string;
  arguments: unknown;
  status: DynamicToolCallStatus;
  contentItems: Array<DynamicToolCallOutputContentItem> | null;
  success: boolean | null;
  durationMs: number | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "collabAgentToolCall";
  id: string;
  tool: CollabAgentTool;
  status: CollabAgentToolCallStatus;
  senderThreadId: string;
  receiverThreadIds: Array<string>;
  prompt: string | null;
  model: string | null;
  reasoningEffort: ReasoningEffort | null;
  agentsStates: { [key: string]: CollabAgentState };
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "subAgentActivity";
  id: string;
  kind: SubAgentActivityKind;
  agentThreadId: string;
  agentPath: string;
  model: string | null;
  reasoningEffort: ReasoningEffort | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "enteredReviewMode";
  id: string;
  review: string;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "exitedReviewMode";
  id: string;
  review: string;
  startedAtMs: number | null;
  completedAtMs: number | null;
} | {
  type: "hookPrompt";
  id: string;
  fragments: Array<HookPromptFragment>;
  startedAtMs: number | null;
  completedAtMs: number | null;
};
