import { z } from "zod";
import { Int, JsonValue } from "./common.js";
import { CollabAgentToolCallItem, SubAgentActivityItem } from "./collab.js";
import { DynamicToolCallItem } from "./dynamic-tools.js";
import { McpToolCallItem } from "./mcp.js";
import { named } from "./schema-meta.js";

export const ByteRange = named("ByteRange", z.object({ start: Int.nonnegative(), end: Int.nonnegative() }));
export const TextElement = named(
  "TextElement",
  z.object({ byteRange: ByteRange, placeholder: z.string().nullish() }),
);
export const ImageDetail = named("ImageDetail", z.enum(["auto", "low", "high", "original"]));

/** What a user sends in `turn/start` / `turn/steer` and what a userMessage item carries. */
export const UserInput = named(
  "UserInput",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("text"), text: z.string(), text_elements: z.array(TextElement).default([]) }),
    z.object({
      type: z.literal("image"),
      url: z.string().optional(),
      fileId: z.string().optional(),
      detail: ImageDetail.nullish(),
    }),
    z.object({ type: z.literal("localImage"), path: z.string(), detail: ImageDetail.nullish() }),
    z.object({ type: z.literal("audio"), url: z.string().optional(), fileId: z.string().optional() }),
    z.object({ type: z.literal("localAudio"), path: z.string() }),
    z.object({ type: z.literal("skill"), name: z.string(), path: z.string() }),
    z.object({ type: z.literal("mention"), name: z.string(), path: z.string() }),
  ]),
);
export type UserInput = z.infer<typeof UserInput>;

export const MessagePhase = named("MessagePhase", z.enum(["commentary", "partial_answer", "final_answer"]));

export const CommandAction = named(
  "CommandAction",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("read"), command: z.string(), name: z.string(), path: z.string() }),
    z.object({ type: z.literal("listFiles"), command: z.string(), path: z.string().nullable() }),
    z.object({ type: z.literal("search"), command: z.string(), query: z.string().nullable(), path: z.string().nullable() }),
    z.object({ type: z.literal("unknown"), command: z.string() }),
  ]),
);
export type CommandAction = z.infer<typeof CommandAction>;

export const CommandExecutionStatus = named(
  "CommandExecutionStatus",
  z.enum(["inProgress", "completed", "failed", "declined"]),
);
export const CommandExecutionSource = named(
  "CommandExecutionSource",
  z.enum(["agent", "userShell", "unifiedExecStartup", "unifiedExecInteraction"]),
);
export const PatchApplyStatus = named("PatchApplyStatus", z.enum(["inProgress", "completed", "failed", "declined"]));
export const PatchChangeKind = named(
  "PatchChangeKind",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("add") }),
    z.object({ type: z.literal("delete") }),
    z.object({ type: z.literal("update"), move_path: z.string().nullable() }),
  ]),
);
export const FileUpdateChange = named(
  "FileUpdateChange",
  z.object({ path: z.string(), kind: PatchChangeKind, diff: z.string() }),
);
export type FileUpdateChange = z.infer<typeof FileUpdateChange>;

const timing = {
  startedAtMs: Int.nullable(),
  completedAtMs: Int.nullable(),
};

export const UserMessageItem = z.object({
  type: z.literal("userMessage"),
  id: z.string(),
  clientId: z.string().nullable(),
  content: z.array(UserInput),
  ...timing,
});
export const AgentMessageItem = z.object({
  type: z.literal("agentMessage"),
  id: z.string(),
  text: z.string(),
  phase: MessagePhase.nullable(),
  moderation: JsonValue.nullable(),
  memoryCitation: JsonValue.nullable(),
  delivery: z.enum(["async"]).nullable(),
  questions: z.array(JsonValue).nullable(),
  ...timing,
});
export const ReasoningItem = z.object({
  type: z.literal("reasoning"),
  id: z.string(),
  summary: z.array(z.string()),
  content: z.array(z.string()),
  ...timing,
});
export const PlanItem = z.object({ type: z.literal("plan"), id: z.string(), text: z.string(), ...timing });
export const CommandExecutionItem = z.object({
  type: z.literal("commandExecution"),
  id: z.string(),
  command: z.string(),
  cwd: z.string(),
  processId: z.string().nullable(),
  source: CommandExecutionSource,
  status: CommandExecutionStatus,
  commandActions: z.array(CommandAction),
  aggregatedOutput: z.string().nullable(),
  exitCode: Int.nullable(),
  durationMs: Int.nullable(),
  pluginId: z.string().nullable(),
  scriptPath: z.string().nullable(),
  ...timing,
});
export const FileChangeItem = z.object({
  type: z.literal("fileChange"),
  id: z.string(),
  changes: z.array(FileUpdateChange),
  status: PatchApplyStatus,
  ...timing,
});
export const WebSearchAction = named(
  "WebSearchAction",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("search"), query: z.string().nullable(), queries: z.array(z.string()).nullable() }),
    z.object({ type: z.literal("openPage"), url: z.string().nullable() }),
    z.object({ type: z.literal("findInPage"), url: z.string().nullable(), pattern: z.string().nullable() }),
    z.object({ type: z.literal("other") }),
  ]),
);
export type WebSearchAction = z.infer<typeof WebSearchAction>;
/** A hosted `web_search_call` of the model (§5.8): what it searched or opened, no results (those stay with the model). */
export const WebSearchItem = z.object({
  type: z.literal("webSearch"),
  id: z.string(),
  query: z.string(),
  action: WebSearchAction.nullable(),
  results: z.array(JsonValue).nullable(),
  ...timing,
});
export const ContextCompactionItem = z.object({ type: z.literal("contextCompaction"), id: z.string(), ...timing });
/** A review turn's start and end (`review`: the short label, then the full rendered review); both carry the turn's id. */
export const EnteredReviewModeItem = z.object({ type: z.literal("enteredReviewMode"), id: z.string(), review: z.string(), ...timing });
export const ExitedReviewModeItem = z.object({ type: z.literal("exitedReviewMode"), id: z.string(), review: z.string(), ...timing });

export const HookPromptFragment = named("HookPromptFragment", z.object({ text: z.string(), hookRunId: z.string() }));
/** What Stop hooks asked the model to do before the turn may end (each fragment names the hook run). */
export const HookPromptItem = z.object({ type: z.literal("hookPrompt"), id: z.string(), fragments: z.array(HookPromptFragment), ...timing });

/** The item kinds this server produces (a subset of the reference's union). */
export const ThreadItem = named(
  "ThreadItem",
  z.discriminatedUnion("type", [
    UserMessageItem,
    AgentMessageItem,
    ReasoningItem,
    PlanItem,
    CommandExecutionItem,
    FileChangeItem,
    WebSearchItem,
    ContextCompactionItem,
    McpToolCallItem,
    DynamicToolCallItem,
    CollabAgentToolCallItem,
    SubAgentActivityItem,
    EnteredReviewModeItem,
    ExitedReviewModeItem,
    HookPromptItem,
  ]),
);
export type ThreadItem = z.infer<typeof ThreadItem>;
export type AgentMessageItem = z.infer<typeof AgentMessageItem>;
export type UserMessageItem = z.infer<typeof UserMessageItem>;
export type ReasoningItem = z.infer<typeof ReasoningItem>;
export type CommandExecutionItem = z.infer<typeof CommandExecutionItem>;
export type FileChangeItem = z.infer<typeof FileChangeItem>;
export type WebSearchItem = z.infer<typeof WebSearchItem>;
export type PlanItem = z.infer<typeof PlanItem>;

export const ItemStartedNotification = named(
  "ItemStartedNotification",
  z.object({ item: ThreadItem, threadId: z.string(), turnId: z.string(), startedAtMs: Int }),
);
export const ItemCompletedNotification = named(
  "ItemCompletedNotification",
  z.object({
    item: ThreadItem,
    threadId: z.string(),
    turnId: z.string(),
    completedAtMs: Int,
    contentTokenCount: Int.nullable().optional(),
  }),
);
const itemDelta = { threadId: z.string(), turnId: z.string(), itemId: z.string(), delta: z.string() };
export const AgentMessageDeltaNotification = named("AgentMessageDeltaNotification", z.object(itemDelta));
export const PlanDeltaNotification = named("PlanDeltaNotification", z.object(itemDelta));
export const CommandExecutionOutputDeltaNotification = named(
  "CommandExecutionOutputDeltaNotification",
  z.object(itemDelta),
);
/** A `write_stdin` call's input to a running command (`stdin` is empty for a poll). */
export const TerminalInteractionNotification = named(
  "TerminalInteractionNotification",
  z.object({ threadId: z.string(), turnId: z.string(), itemId: z.string(), processId: z.string(), stdin: z.string() }),
);
export const ReasoningSummaryTextDeltaNotification = named(
  "ReasoningSummaryTextDeltaNotification",
  z.object({ ...itemDelta, summaryIndex: Int }),
);
export const ReasoningSummaryPartAddedNotification = named(
  "ReasoningSummaryPartAddedNotification",
  z.object({ threadId: z.string(), turnId: z.string(), itemId: z.string(), summaryIndex: Int }),
);
export const ReasoningTextDeltaNotification = named(
  "ReasoningTextDeltaNotification",
  z.object({ ...itemDelta, contentIndex: Int }),
);

