import { z } from "zod";
import { EmptyObject, PresentJsonValue } from "./common.js";
import { named } from "./schema-meta.js";

/**
 * thread/approveGuardianDeniedAction: the user overrides an auto-review
 * denial. `event` is the serialized core `GuardianAssessmentEvent`
 * (snake_case), checked by the core, not here.
 */
export const ThreadApproveGuardianDeniedActionParams = named(
  "ThreadApproveGuardianDeniedActionParams",
  z.object({
    threadId: z.string(),
    event: PresentJsonValue,
  }),
);
export const ThreadApproveGuardianDeniedActionResponse = named("ThreadApproveGuardianDeniedActionResponse", EmptyObject);

/** [UNSTABLE] Lifecycle of one automatic approval review. */
export const GuardianApprovalReviewStatus = named(
  "GuardianApprovalReviewStatus",
  z.enum(["inProgress", "approved", "denied", "timedOut", "aborted"]),
);
export const GuardianRiskLevel = named("GuardianRiskLevel", z.enum(["low", "medium", "high", "critical"]));
export const GuardianUserAuthorization = named("GuardianUserAuthorization", z.enum(["unknown", "low", "medium", "high"]));
export const AutoReviewDecisionSource = named("AutoReviewDecisionSource", z.enum(["agent"]));
export const GuardianCommandSource = named("GuardianCommandSource", z.enum(["shell", "unifiedExec"]));

export const GuardianApprovalReview = named(
  "GuardianApprovalReview",
  z.object({
    status: GuardianApprovalReviewStatus,
    riskLevel: GuardianRiskLevel.nullish(),
    userAuthorization: GuardianUserAuthorization.nullish(),
    rationale: z.string().nullish(),
  }),
);

/** What was reviewed: one variant per kind of approval. */
export const GuardianApprovalReviewAction = named(
  "GuardianApprovalReviewAction",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("command"), source: GuardianCommandSource, command: z.string(), cwd: z.string() }),
    z.object({ type: z.literal("execve"), source: GuardianCommandSource, program: z.string(), argv: z.array(z.string()), cwd: z.string() }),
    z.object({ type: z.literal("writeStdin"), approvalId: z.string(), processId: z.string(), stdin: z.string(), cwd: z.string() }),
    z.object({ type: z.literal("applyPatch"), cwd: z.string(), files: z.array(z.string()) }),
    z.object({
      type: z.literal("networkAccess"),
      target: z.string(),
      host: z.string(),
      protocol: z.enum(["http", "https", "socks5Tcp", "socks5Udp"]),
      port: z.number().int(),
    }),
    z.object({
      type: z.literal("mcpToolCall"),
      server: z.string(),
      toolName: z.string(),
      connectorId: z.string().nullish(),
      connectorName: z.string().nullish(),
      toolTitle: z.string().nullish(),
    }),
    z.object({ type: z.literal("requestPermissions"), reason: z.string().nullish(), permissions: z.record(z.unknown()) }),
  ]),
);

export const ItemGuardianApprovalReviewStartedNotification = named(
  "ItemGuardianApprovalReviewStartedNotification",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    reviewId: z.string(),
    startedAtMs: z.number().int(),
    targetItemId: z.string().nullish(),
    review: GuardianApprovalReview,
    action: GuardianApprovalReviewAction,
  }),
);

export const ItemGuardianApprovalReviewCompletedNotification = named(
  "ItemGuardianApprovalReviewCompletedNotification",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    reviewId: z.string(),
    startedAtMs: z.number().int(),
    completedAtMs: z.number().int(),
    targetItemId: z.string().nullish(),
    decisionSource: AutoReviewDecisionSource,
    review: GuardianApprovalReview,
    action: GuardianApprovalReviewAction,
  }),
);

export const GuardianWarningNotification = named("GuardianWarningNotification", z.object({ threadId: z.string(), message: z.string() }));

export const StrictReviewRequiredNotification = named(
  "StrictReviewRequiredNotification",
  z.object({ threadId: z.string(), turnId: z.string(), startedAtMs: z.number().int() }),
);
