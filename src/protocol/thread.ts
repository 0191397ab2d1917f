import { z } from "zod";
import { Int, JsonValue } from "./common.js";
import { DynamicToolSpec } from "./dynamic-tools.js";
import { ThreadItem } from "./item.js";
import {
  ApprovalsReviewer,
  AskForApproval,
  MultiAgentMode,
  Personality,
  ReasoningEffort,
  ReasoningSummary,
  SandboxMode,
  SandboxPolicy,
  SortDirection,
} from "./policy.js";
import { ModeKind } from "./extensions.js";
import { experimental, named } from "./schema-meta.js";
import { ThreadSection } from "./thread-sections.js";
import { Turn, TurnItemsView } from "./turn.js";

export const ThreadActiveFlag = named("ThreadActiveFlag", z.enum(["waitingOnApproval", "waitingOnUserInput"]));
export const ThreadStatus = named(
  "ThreadStatus",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("notLoaded") }),
    z.object({ type: z.literal("idle") }),
    z.object({ type: z.literal("systemError") }),
    z.object({ type: z.literal("active"), activeFlags: z.array(ThreadActiveFlag) }),
  ]),
);
export type ThreadStatus = z.infer<typeof ThreadStatus>;

export const SubAgentSource = named(
  "SubAgentSource",
  z.union([
    z.enum(["review", "compact", "memory_consolidation"]),
    z.object({
      thread_spawn: z.object({
        parent_thread_id: z.string(),
        depth: Int,
        agent_path: z.string().nullable(),
        agent_nickname: z.string().nullable(),
        agent_role: z.string().nullable(),
      }),
    }),
    z.object({ other: z.string() }),
  ]),
);

export const SessionSource = named(
  "SessionSource",
  z.union([z.enum(["cli", "vscode", "exec", "appServer", "unknown"]), z.object({ custom: z.string() }), z.object({ subAgent: SubAgentSource })]),
);
export type SessionSource = z.infer<typeof SessionSource>;

export const GitInfo = named(
  "GitInfo",
  z.object({ sha: z.string().nullable(), branch: z.string().nullable(), originUrl: z.string().nullable() }),
);
export type GitInfo = z.infer<typeof GitInfo>;
export const ThreadEnvironment = named(
  "ThreadEnvironment",
  z.object({ environmentId: z.string(), cwd: z.string(), runtimeWorkspaceRoots: z.array(z.string()) }),
);
export const ThreadHistoryMode = named("ThreadHistoryMode", z.enum(["legacy", "paginated"]));

export const Thread = named(
  "Thread",
  z.object({
    id: z.string(),
    environments: z.array(ThreadEnvironment).nullable(),
    extra: z.record(JsonValue).nullable(),
    sessionId: z.string(),
    forkedFromId: z.string().nullable(),
    attachedToThreadId: z.string().nullable(),
    parentThreadId: z.string().nullable(),
    preview: z.string(),
    ephemeral: z.boolean(),
    section: ThreadSection.nullable(),
    sectionEnteredAt: Int.nullable(),
    projectId: z.string().nullable(),
    historyMode: ThreadHistoryMode,
    modelProvider: z.string(),
    model: z.string().nullable(),
    reasoningEffort: ReasoningEffort.nullable(),
    createdAt: Int,
    updatedAt: Int,
    recencyAt: Int.nullable(),
    status: ThreadStatus,
    path: z.string().nullable(),
    cwd: z.string(),
    cliVersion: z.string(),
    originator: z.string().nullable(),
    source: SessionSource,
    canAcceptDirectInput: z.boolean().nullable(),
    threadSource: z.string().nullable(),
    agentNickname: z.string().nullable(),
    agentRole: z.string().nullable(),
    gitInfo: GitInfo.nullable(),
    name: z.string().nullable(),
    daybreakEnabled: z.boolean().nullable(),
    turns: z.array(Turn),
  }),
);
export type Thread = z.infer<typeof Thread>;

/** Overrides shared by thread/start, thread/resume and thread/fork. */
const sessionOverrides = {
  model: z.string().nullish(),
  modelProvider: z.string().nullish(),
  serviceTier: z.string().nullish(),
  cwd: z.string().nullish(),
  approvalPolicy: AskForApproval.nullish(),
  approvalsReviewer: ApprovalsReviewer.nullish(),
  sandbox: SandboxMode.nullish(),
  config: z.record(JsonValue).nullish(),
  baseInstructions: z.string().nullish(),
  developerInstructions: z.string().nullish(),
  permissions: experimental(z.string().nullish()),
  runtimeWorkspaceRoots: experimental(z.array(z.string()).nullish()),
};

export const ThreadStartParams = named(
  "ThreadStartParams",
  z.object({
    ...sessionOverrides,
    serviceName: z.string().nullish(),
    personality: Personality.nullish(),
    ephemeral: z.boolean().nullish(),
    sessionStartSource: z.enum(["startup", "clear"]).nullish(),
    threadSource: z.string().nullish(),
    allowProviderModelFallback: experimental(z.boolean().optional()),
    daybreakEnabled: experimental(z.boolean().nullish()),
    dynamicTools: experimental(z.array(DynamicToolSpec).nullish()),
    environments: experimental(z.array(JsonValue).nullish()),
    experimentalRawEvents: experimental(z.boolean().optional()),
    historyMode: experimental(ThreadHistoryMode.nullish()),
    mockExperimentalField: experimental(z.string().nullish()),
    multiAgentMode: experimental(MultiAgentMode.nullish()),
    projectId: experimental(z.string().nullish()),
    selectedCapabilityRoots: experimental(z.array(JsonValue).nullish()),
  }),
);
export type ThreadStartParams = z.infer<typeof ThreadStartParams>;

const sessionResponse = {
  thread: Thread,
  model: z.string(),
  modelProvider: z.string(),
  serviceTier: z.string().nullable(),
  disabledPluginIds: z.array(z.string()),
  cwd: z.string(),
  runtimeWorkspaceRoots: z.array(z.string()),
  instructionSources: z.array(z.string()),
  approvalPolicy: AskForApproval,
  approvalsReviewer: ApprovalsReviewer,
  sandbox: SandboxPolicy,
  activePermissionProfile: JsonValue.nullable(),
  reasoningEffort: ReasoningEffort.nullable(),
  multiAgentMode: MultiAgentMode,
};
export const ThreadStartResponse = named("ThreadStartResponse", z.object(sessionResponse));
export type ThreadStartResponse = z.infer<typeof ThreadStartResponse>;

export const ThreadResumeParams = named(
  "ThreadResumeParams",
  z.object({
    threadId: z.string(),
    ...sessionOverrides,
    personality: Personality.nullish(),
    excludeTurns: z.boolean().optional(),
    history: experimental(z.array(JsonValue).nullish()),
    initialTurnsPage: experimental(JsonValue.nullish()),
    path: experimental(z.string().nullish()),
  }),
);
export const ThreadResumeResponse = named(
  "ThreadResumeResponse",
  z.object({
    ...sessionResponse,
    collaborationMode: JsonValue.nullable(),
    initialTurnsPage: experimental(
      named(
        "TurnsPage",
        z.object({ data: z.array(Turn), nextCursor: z.string().nullable(), backwardsCursor: z.string().nullable() }),
      ).nullable(),
    ),
    turnsBackwardsCursor: z.string().nullable(),
    itemsBackwardsCursor: z.string().nullable(),
  }),
);

export const ThreadForkParams = named(
  "ThreadForkParams",
  z.object({
    threadId: z.string(),
    ...sessionOverrides,
    lastTurnId: z.string().nullish(),
    ephemeral: z.boolean().optional(),
    threadSource: z.string().nullish(),
    excludeTurns: z.boolean().optional(),
    attachToSource: experimental(z.boolean().optional()),
    beforeTurnId: experimental(z.string().nullish()),
    deferGoalContinuation: experimental(z.boolean().optional()),
    experimentalDisablePredictionMcp: experimental(z.boolean().optional()),
    experimentalPredictionMode: experimental(z.boolean().optional()),
    path: experimental(z.string().nullish()),
  }),
);
export const ThreadForkResponse = named("ThreadForkResponse", z.object(sessionResponse));

export const ThreadSortKey = named("ThreadSortKey", z.enum(["created_at", "updated_at", "recency_at", "section_position"]));
export type ThreadSortKey = z.infer<typeof ThreadSortKey>;
export const ThreadSourceKind = named(
  "ThreadSourceKind",
  z.enum([
    "cli",
    "vscode",
    "exec",
    "appServer",
    "subAgent",
    "subAgentReview",
    "subAgentCompact",
    "subAgentThreadSpawn",
    "subAgentOther",
    "unknown",
  ]),
);
export const ThreadUnreadPosition = named(
  "ThreadUnreadPosition",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("threadStart") }),
    z.object({ type: z.literal("turn"), turnId: z.string() }),
  ]),
);
export const ThreadReadState = named(
  "ThreadReadState",
  z.object({ firstUnread: ThreadUnreadPosition.nullable(), revision: z.string() }),
);
export type ThreadReadState = z.infer<typeof ThreadReadState>;

export const ThreadListParams = named(
  "ThreadListParams",
  z.object({
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    sortKey: ThreadSortKey.nullish(),
    sortDirection: SortDirection.nullish(),
    modelProviders: z.array(z.string()).nullish(),
    sourceKinds: z.array(ThreadSourceKind).nullish(),
    archived: z.boolean().nullish(),
    cwd: z.union([z.string(), z.array(z.string())]).nullish(),
    searchTerm: z.string().nullish(),
    sectionId: z.string().nullish(),
    excludedThreadIds: z.array(z.string()).nullish(),
    originators: z.array(z.string()).nullish(),
    useStateDbOnly: z.boolean().optional(),
    currentAccountOnly: z.boolean().optional(),
    ancestorThreadId: experimental(z.string().nullish()),
    attachedToThreadId: experimental(z.string().nullish()),
    includeAttachedThreads: experimental(z.boolean().optional()),
    parentThreadId: experimental(z.string().nullish()),
    projectId: experimental(z.string().nullish()),
  }),
);
export type ThreadListParams = z.infer<typeof ThreadListParams>;
export const ThreadListResponse = named(
  "ThreadListResponse",
  z.object({
    data: z.array(Thread),
    readStates: z.record(ThreadReadState).nullable(),
    nextCursor: z.string().nullable(),
    backwardsCursor: z.string().nullable(),
  }),
);

export const ThreadReadParams = named(
  "ThreadReadParams",
  z.object({ threadId: z.string(), includeTurns: z.boolean().optional() }),
);
export const ThreadReadResponse = named(
  "ThreadReadResponse",
  z.object({ thread: Thread, readState: ThreadReadState.nullable() }),
);

export const ThreadLoadedListParams = named(
  "ThreadLoadedListParams",
  z.object({ cursor: z.string().nullish(), limit: Int.nonnegative().nullish() }),
);
export const ThreadLoadedListResponse = named(
  "ThreadLoadedListResponse",
  z.object({ data: z.array(z.string()), nextCursor: z.string().nullable() }),
);

export const ThreadTurnsListParams = named(
  "ThreadTurnsListParams",
  z.object({
    threadId: z.string(),
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    sortDirection: SortDirection.nullish(),
    itemsView: TurnItemsView.nullish(),
  }),
);
export const ThreadTurnsListResponse = named(
  "ThreadTurnsListResponse",
  z.object({ data: z.array(Turn), nextCursor: z.string().nullable(), backwardsCursor: z.string().nullable() }),
);

export const ThreadItemsListCursor = named(
  "ThreadItemsListCursor",
  z.union([z.string(), z.object({ type: z.literal("item"), itemId: z.string() })]),
);
export const ThreadItemsListParams = named(
  "ThreadItemsListParams",
  z.object({
    threadId: z.string(),
    turnId: z.string().nullish(),
    cursor: ThreadItemsListCursor.nullish(),
    limit: Int.nonnegative().nullish(),
    sortDirection: SortDirection.nullish(),
    deferOutput: z.object({ commandExecution: z.boolean().optional(), mcpToolCall: z.boolean().optional() }).nullish(),
  }),
);
export const ThreadItemEntry = named(
  "ThreadItemEntry",
  z.object({
    turnId: z.string(),
    item: ThreadItem,
    startedAtMs: Int.nullable(),
    completedAtMs: Int.nullable(),
  }),
);
export const ThreadItemsListResponse = named(
  "ThreadItemsListResponse",
  z.object({ data: z.array(ThreadItemEntry), nextCursor: z.string().nullable(), backwardsCursor: z.string().nullable() }),
);

const byThreadId = z.object({ threadId: z.string() });
export const ThreadArchiveParams = named("ThreadArchiveParams", byThreadId);
export const ThreadArchiveResponse = named("ThreadArchiveResponse", z.object({}));
export const ThreadUnarchiveParams = named("ThreadUnarchiveParams", byThreadId.extend({}));
export const ThreadUnarchiveResponse = named("ThreadUnarchiveResponse", z.object({ thread: Thread }));
export const ThreadDeleteParams = named("ThreadDeleteParams", byThreadId.extend({}));
export const ThreadDeleteResponse = named("ThreadDeleteResponse", z.object({}));
export const ThreadUnsubscribeParams = named("ThreadUnsubscribeParams", byThreadId.extend({}));
export const ThreadUnsubscribeResponse = named(
  "ThreadUnsubscribeResponse",
  z.object({ status: z.enum(["notLoaded", "notSubscribed", "unsubscribed"]) }),
);
export const ThreadSetNameParams = named("ThreadSetNameParams", z.object({ threadId: z.string(), name: z.string() }));
export const ThreadSetNameResponse = named("ThreadSetNameResponse", z.object({}));
export const ThreadCompactStartParams = named("ThreadCompactStartParams", byThreadId.extend({}));
export const ThreadCompactStartResponse = named("ThreadCompactStartResponse", z.object({}));

export const ThreadMetadataGitInfoUpdateParams = named(
  "ThreadMetadataGitInfoUpdateParams",
  z.object({ sha: z.string().nullish(), branch: z.string().nullish(), originUrl: z.string().nullish() }),
);
export const ThreadMetadataUpdateParams = named(
  "ThreadMetadataUpdateParams",
  z.object({
    threadId: z.string(),
    gitInfo: ThreadMetadataGitInfoUpdateParams.nullish(),
    daybreakEnabled: experimental(z.boolean().nullish()),
    projectId: experimental(z.string().nullish()),
  }),
);
export const ThreadMetadataUpdateResponse = named("ThreadMetadataUpdateResponse", z.object({ thread: Thread }));

export const ThreadReadStateUpdateParams = named(
  "ThreadReadStateUpdateParams",
  z.object({
    threadId: z.string(),
    operation: z.discriminatedUnion("type", [z.object({ type: z.literal("read") }), z.object({ type: z.literal("unread") })]),
    expectedRevision: z.string(),
  }),
);
export const ThreadReadStateUpdateResponse = named(
  "ThreadReadStateUpdateResponse",
  z.object({ readState: ThreadReadState }),
);

// Notifications
export const ThreadStartedNotification = named("ThreadStartedNotification", z.object({ thread: Thread }));
export const ThreadStatusChangedNotification = named(
  "ThreadStatusChangedNotification",
  z.object({ threadId: z.string(), status: ThreadStatus }),
);
export const ThreadArchivedNotification = named("ThreadArchivedNotification", byThreadId.extend({}));
export const ThreadUnarchivedNotification = named("ThreadUnarchivedNotification", byThreadId.extend({}));
export const ThreadDeletedNotification = named("ThreadDeletedNotification", byThreadId.extend({}));
export const ThreadClosedNotification = named("ThreadClosedNotification", byThreadId.extend({}));
export const ThreadNameUpdatedNotification = named(
  "ThreadNameUpdatedNotification",
  z.object({ threadId: z.string(), threadName: z.string().optional() }),
);
export const ContextCompactedNotification = named(
  "ContextCompactedNotification",
  z.object({ threadId: z.string(), turnId: z.string() }),
);
export const ThreadReadStateChangedNotification = named(
  "ThreadReadStateChangedNotification",
  z.object({ threadId: z.string(), readState: ThreadReadState }),
);

/** `CollaborationMode.settings` (the reference's type is named `Settings`; snake_case keys). */
export const CollaborationModeSettings = named(
  "Settings",
  z.object({
    model: z.string(),
    reasoning_effort: ReasoningEffort.nullable(),
    developer_instructions: z.string().nullable(),
  }),
);
export const CollaborationMode = named("CollaborationMode", z.object({ mode: ModeKind, settings: CollaborationModeSettings }));
export type CollaborationMode = z.infer<typeof CollaborationMode>;

/** The settings future turns of a thread run with (`thread/settings/updated`). */
export const ThreadSettings = named(
  "ThreadSettings",
  z.object({
    disabledPluginIds: z.array(z.string()),
    cwd: z.string(),
    environments: z.array(ThreadEnvironment).nullable(),
    approvalPolicy: AskForApproval,
    approvalsReviewer: ApprovalsReviewer,
    sandboxPolicy: SandboxPolicy,
    activePermissionProfile: JsonValue.nullable(),
    model: z.string(),
    modelProvider: z.string(),
    serviceTier: z.string().nullable(),
    effort: ReasoningEffort.nullable(),
    summary: ReasoningSummary.nullable(),
    collaborationMode: CollaborationMode,
    multiAgentMode: MultiAgentMode,
    personality: Personality.nullable(),
  }),
);
export type ThreadSettingsWire = z.infer<typeof ThreadSettings>;
export const ThreadSettingsUpdatedNotification = named(
  "ThreadSettingsUpdatedNotification",
  z.object({ threadId: z.string(), threadSettings: ThreadSettings }),
);
