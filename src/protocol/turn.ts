import { z } from "zod";
import { Int, JsonValue, PresentJsonValue } from "./common.js";
import { ThreadItem, UserInput } from "./item.js";
import {
  ApprovalsReviewer,
  AskForApproval,
  Personality,
  ReasoningEffort,
  ReasoningSummary,
  SandboxPolicy,
} from "./policy.js";
import { experimental, named } from "./schema-meta.js";

const httpStatus = z.object({ httpStatusCode: Int.nullable() });

/** Externally tagged: a plain string or a single-key object. */
export const CodexErrorInfo = named(
  "CodexErrorInfo",
  z.union([
    z.enum([
      "contextWindowExceeded",
      "sessionBudgetExceeded",
      "usageLimitExceeded",
      "rateLimitExceeded",
      "flexUnavailable",
      "serverOverloaded",
      "modelNotFound",
      "policyCapacityUnavailable",
      "inferenceHookDenied",
      "cyberPolicy",
      "misalignmentPolicyViolation",
      "tooManyDenials",
      "internalServerError",
      "unauthorized",
      "badRequest",
      "threadRollbackFailed",
      "sandboxError",
      "other",
    ]),
    z.object({ httpConnectionFailed: httpStatus }),
    z.object({ responseStreamConnectionFailed: httpStatus }),
    z.object({ responseStreamDisconnected: httpStatus }),
    z.object({ responseTooManyFailedAttempts: httpStatus }),
    z.object({ activeTurnNotSteerable: z.object({ turnKind: z.enum(["review", "compact"]) }) }),
  ]),
);
export type CodexErrorInfo = z.infer<typeof CodexErrorInfo>;

export const TurnError = named(
  "TurnError",
  z.object({
    message: z.string(),
    codexErrorInfo: CodexErrorInfo.nullable(),
    additionalDetails: z.string().nullable(),
    misalignment: JsonValue.nullable().optional(),
  }),
);
export type TurnError = z.infer<typeof TurnError>;

export const TurnStatus = named("TurnStatus", z.enum(["completed", "interrupted", "failed", "inProgress"]));
export type TurnStatus = z.infer<typeof TurnStatus>;
export const TurnItemsView = named("TurnItemsView", z.enum(["notLoaded", "summary", "full"]));
export type TurnItemsView = z.infer<typeof TurnItemsView>;

export const Turn = named(
  "Turn",
  z.object({
    id: z.string(),
    rootTurnId: z.string().nullable(),
    items: z.array(ThreadItem),
    itemsView: TurnItemsView,
    status: TurnStatus,
    error: TurnError.nullable(),
    startedAt: Int.nullable(),
    completedAt: Int.nullable(),
    durationMs: Int.nullable(),
  }),
);
export type Turn = z.infer<typeof Turn>;

export const TokenUsageBreakdown = named(
  "TokenUsageBreakdown",
  z.object({
    totalTokens: Int,
    inputTokens: Int,
    cachedInputTokens: Int,
    cacheWriteInputTokens: Int,
    outputTokens: Int,
    reasoningOutputTokens: Int,
  }),
);
export type TokenUsageBreakdown = z.infer<typeof TokenUsageBreakdown>;
export const ThreadTokenUsage = named(
  "ThreadTokenUsage",
  z.object({ total: TokenUsageBreakdown, last: TokenUsageBreakdown, modelContextWindow: Int.nullable() }),
);
export type ThreadTokenUsage = z.infer<typeof ThreadTokenUsage>;

export const TurnToolOutput = named(
  "TurnToolOutput",
  z.object({
    name: z.string(),
    namespace: z.string().nullish(),
    output: z.union([z.string(), z.array(JsonValue)]),
    retain: z.boolean().optional(),
  }),
);

export const TurnStartParams = named(
  "TurnStartParams",
  z.object({
    threadId: z.string(),
    input: z.array(UserInput),
    clientUserMessageId: z.string().nullish(),
    cwd: z.string().nullish(),
    approvalPolicy: AskForApproval.nullish(),
    approvalsReviewer: ApprovalsReviewer.nullish(),
    sandboxPolicy: SandboxPolicy.nullish(),
    model: z.string().nullish(),
    serviceTier: z.string().nullish(),
    serviceTierForTurn: z.string().nullish(),
    effort: ReasoningEffort.nullish(),
    summary: ReasoningSummary.nullish(),
    personality: Personality.nullish(),
    outputSchema: JsonValue.nullish(),
    disabledPluginIds: z.array(z.string()).nullish(),
    turnTrigger: z.string().nullish(),
    parentTurnId: z.string().nullish(),
    rootTurnId: z.string().nullish(),
    toolOutput: TurnToolOutput.nullish(),
    additionalContext: experimental(z.record(JsonValue).nullish()),
    collaborationMode: experimental(JsonValue.nullish()),
    cyberAccessProgram: experimental(JsonValue.nullish()),
    environments: experimental(z.array(JsonValue).nullish()),
    multiAgentMode: experimental(JsonValue.nullish()),
    permissions: experimental(z.string().nullish()),
    responsesapiClientMetadata: experimental(z.record(z.string()).nullish()),
    responsesapiClientMetadataPatch: experimental(z.record(z.string()).nullish()),
    runtimeWorkspaceRoots: experimental(z.array(z.string()).nullish()),
  }),
);
export type TurnStartParams = z.infer<typeof TurnStartParams>;
export const TurnStartResponse = named("TurnStartResponse", z.object({ turn: Turn }));

export const TurnSteerParams = named(
  "TurnSteerParams",
  z.object({
    threadId: z.string(),
    input: z.array(UserInput),
    expectedTurnId: z.string(),
    clientUserMessageId: z.string().nullish(),
    additionalContext: experimental(z.record(JsonValue).nullish()),
    responsesapiClientMetadata: experimental(z.record(z.string()).nullish()),
    responsesapiClientMetadataPatch: experimental(z.record(z.string()).nullish()),
  }),
);
export const TurnSteerResponse = named("TurnSteerResponse", z.object({ turnId: z.string() }));

export const TurnInterruptParams = named("TurnInterruptParams", z.object({ threadId: z.string(), turnId: z.string() }));
export const TurnInterruptResponse = named("TurnInterruptResponse", z.object({}));

export const TurnStartedNotification = named("TurnStartedNotification", z.object({ threadId: z.string(), turn: Turn }));
export const TurnCompletedNotification = named(
  "TurnCompletedNotification",
  z.object({ threadId: z.string(), turn: Turn }),
);
export const ErrorNotification = named(
  "ErrorNotification",
  z.object({ error: TurnError, willRetry: z.boolean(), threadId: z.string(), turnId: z.string() }),
);
export const ThreadTokenUsageUpdatedNotification = named(
  "ThreadTokenUsageUpdatedNotification",
  z.object({ threadId: z.string(), turnId: z.string(), tokenUsage: ThreadTokenUsage }),
);
export const TurnPlanStep = named(
  "TurnPlanStep",
  z.object({ step: z.string(), status: z.enum(["pending", "inProgress", "completed"]) }),
);
export const TurnPlanUpdatedNotification = named(
  "TurnPlanUpdatedNotification",
  z.object({ threadId: z.string(), turnId: z.string(), explanation: z.string().nullable(), plan: z.array(TurnPlanStep) }),
);
export const TurnDiffUpdatedNotification = named(
  "TurnDiffUpdatedNotification",
  z.object({ threadId: z.string(), turnId: z.string(), diff: z.string() }),
);
/** The backend's moderation metadata for a turn (a `response.metadata` event's, passed on as it came). */
export const TurnModerationMetadataNotification = named(
  "TurnModerationMetadataNotification",
  z.object({ threadId: z.string(), turnId: z.string(), metadata: PresentJsonValue }),
);
