import { z } from "zod";
import { Int, JsonValue } from "./common.js";
import {
  ApprovalsReviewer,
  AskForApproval,
  MultiAgentMode,
  Personality,
  ReasoningEffort,
  ReasoningSummary,
  SandboxPolicy,
} from "./policy.js";
import { named } from "./schema-meta.js";
import { CollaborationMode, Thread, ThreadItemEntry } from "./thread.js";

/**
 * Actions on a loaded thread besides turns: the user's own shell command,
 * reverting history, changing settings between (or during) turns, reading
 * stored items by id, and the thread's background terminals.
 */

export const ThreadShellCommandParams = named(
  "ThreadShellCommandParams",
  z.object({ threadId: z.string(), command: z.string(), timeoutMs: Int.nullish() }),
);
export const ThreadShellCommandResponse = named("ThreadShellCommandResponse", z.object({}));

export const ThreadRevertParams = named("ThreadRevertParams", z.object({ threadId: z.string(), beforeTurnId: z.string() }));
export const ThreadRevertResponse = named(
  "ThreadRevertResponse",
  z.object({ thread: Thread, turnsBackwardsCursor: z.string().nullable(), itemsBackwardsCursor: z.string().nullable() }),
);
export const ThreadRevertedNotification = named("ThreadRevertedNotification", z.object({ threadId: z.string() }));

export const ThreadItemsReadParams = named(
  "ThreadItemsReadParams",
  z.object({ threadId: z.string(), turnId: z.string(), itemIds: z.array(z.string()) }),
);
export const ThreadItemsReadResponse = named("ThreadItemsReadResponse", z.object({ data: z.array(ThreadItemEntry) }));

export const ThreadSettingsUpdateParams = named(
  "ThreadSettingsUpdateParams",
  z.object({
    threadId: z.string(),
    approvalPolicy: AskForApproval.nullish(),
    approvalsReviewer: ApprovalsReviewer.nullish(),
    collaborationMode: CollaborationMode.nullish(),
    cwd: z.string().nullish(),
    disabledPluginIds: z.array(z.string()).nullish(),
    effort: ReasoningEffort.nullish(),
    environments: z.array(JsonValue).nullish(),
    model: z.string().nullish(),
    multiAgentMode: MultiAgentMode.nullish(),
    permissions: z.string().nullish(),
    personality: Personality.nullish(),
    sandboxPolicy: SandboxPolicy.nullish(),
    serviceTier: z.string().nullish(),
    summary: ReasoningSummary.nullish(),
  }),
);
export type ThreadSettingsUpdateParams = z.infer<typeof ThreadSettingsUpdateParams>;
export const ThreadSettingsUpdateResponse = named("ThreadSettingsUpdateResponse", z.object({}));

export const TurnSettingsUpdateParams = named(
  "TurnSettingsUpdateParams",
  z
    .object({
      threadId: z.string(),
      turnId: z.string(),
      approvalsReviewer: ApprovalsReviewer.nullish(),
      effort: ReasoningEffort.nullish(),
      environments: z.array(JsonValue).nullish(),
      model: z.string().nullish(),
      serviceTier: z.string().nullish(),
      summary: ReasoningSummary.nullish(),
    })
    .strict(),
);
export const TurnSettingsUpdateStatus = named("TurnSettingsUpdateStatus", z.enum(["applied", "targetUnavailable"]));
export const TurnSettingsUpdateResponse = named("TurnSettingsUpdateResponse", z.object({ status: TurnSettingsUpdateStatus }));

export const ThreadBackgroundTerminal = named(
  "ThreadBackgroundTerminal",
  z.object({
    command: z.string(),
    cwd: z.string(),
    itemId: z.string(),
    processId: z.string(),
    osPid: Int.nonnegative().nullish(),
    cpuPercent: z.number().nullish(),
    rssKb: Int.nonnegative().nullish(),
  }),
);
export const ThreadBackgroundTerminalsListParams = named(
  "ThreadBackgroundTerminalsListParams",
  z.object({ threadId: z.string(), cursor: z.string().nullish(), limit: Int.nonnegative().nullish() }),
);
export const ThreadBackgroundTerminalsListResponse = named(
  "ThreadBackgroundTerminalsListResponse",
  z.object({ data: z.array(ThreadBackgroundTerminal), nextCursor: z.string().nullable() }),
);
export const ThreadBackgroundTerminalsTerminateParams = named(
  "ThreadBackgroundTerminalsTerminateParams",
  z.object({ threadId: z.string(), processId: z.string() }),
);
export const ThreadBackgroundTerminalsTerminateResponse = named(
  "ThreadBackgroundTerminalsTerminateResponse",
  z.object({ terminated: z.boolean() }),
);
export const ThreadBackgroundTerminalsCleanParams = named("ThreadBackgroundTerminalsCleanParams", z.object({ threadId: z.string() }));
export const ThreadBackgroundTerminalsCleanResponse = named("ThreadBackgroundTerminalsCleanResponse", z.object({}));
