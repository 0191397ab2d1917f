import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { GuardianApprovalReview, GuardianApprovalReviewAction } from "../../protocol/guardian.js";
import {
  deniedActionMessage,
  FAILED_REVIEW_ACTION_MESSAGE,
  TIMED_OUT_ACTION_MESSAGE,
  TIMED_OUT_RATIONALE,
  verdictWarning,
} from "./agent-messages.js";
import { ASSESSMENT_SCHEMA, parseAssessment, type Assessment } from "./assessment.js";
import type { AutoReviewHost } from "./review-host.js";
import { reviewInput } from "./review-prompt.js";

export type ReviewedAction = z.input<typeof GuardianApprovalReviewAction>;
type Review = z.input<typeof GuardianApprovalReview>;

/** How long one review may take, as in the reference. */
export const REVIEW_TIMEOUT_MS = 90_000;

/**
 * The result for the tool: `approved` runs the action; the others refuse it
 * with `message` as the rejection reason the agent model reads.
 */
export type ReviewVerdict =
  | { kind: "approved" }
  | { kind: "denied"; message: string }
  | { kind: "timedOut"; message: string }
  | { kind: "aborted"; message: string };

type Ending =
  | { kind: "assessed"; assessment: Assessment }
  | { kind: "failed"; reason: string }
  | { kind: "timedOut" }
  | { kind: "aborted" };

const IN_PROGRESS: Review = { status: "inProgress", riskLevel: null, userAuthorization: null, rationale: null };

/**
 * Asks the reviewer model whether `action` may run instead of asking the user.
 * The client follows it through `item/autoApprovalReview/started` and
 * `.../completed` (the verdict goes out as a `guardianWarning` just before the
 * completion). It fails closed: a reviewer error or unreadable answer denies.
 */
export async function reviewAction(
  host: AutoReviewHost,
  action: ReviewedAction,
  targetItemId: string | null,
  timeoutMs = REVIEW_TIMEOUT_MS,
): Promise<ReviewVerdict> {
  const reviewId = randomUUID();
  const startedAtMs = Date.now();
  const ids = { threadId: host.threadId, turnId: host.turnId, reviewId, startedAtMs, targetItemId };
  host.emit("item/autoApprovalReview/started", { ...ids, review: IN_PROGRESS, action });

  const ending = host.signal.aborted ? ({ kind: "aborted" } as const) : await runReview(host, action, timeoutMs);
  const complete = (review: Review) =>
    host.emit("item/autoApprovalReview/completed", { ...ids, completedAtMs: Date.now(), decisionSource: "agent", review, action });

  const tripWarning = host.denials.record(ending.kind === "assessed" && ending.assessment.outcome === "deny");
  if (tripWarning !== null) {
    // As in the reference, the interrupt follows the review's outcome: the refused action's item completes first.
    setImmediate(() => {
      host.emit("guardianWarning", { threadId: host.threadId, message: tripWarning });
      host.interrupt();
    });
  }

  switch (ending.kind) {
    case "aborted":
      complete({ status: "aborted", riskLevel: null, userAuthorization: null, rationale: null });
      return { kind: "aborted", message: deniedActionMessage(null) };
    case "timedOut":
      host.emit("guardianWarning", { threadId: host.threadId, message: TIMED_OUT_RATIONALE });
      complete({ status: "timedOut", riskLevel: null, userAuthorization: null, rationale: TIMED_OUT_RATIONALE });
      return { kind: "timedOut", message: TIMED_OUT_ACTION_MESSAGE };
    case "failed": {
      const assessment: Assessment = {
        outcome: "deny",
        riskLevel: "high",
        userAuthorization: "unknown",
        rationale: `Automatic approval review failed: ${ending.reason}`,
      };
      report(host, assessment, complete);
      return { kind: "denied", message: FAILED_REVIEW_ACTION_MESSAGE };
    }
    case "assessed": {
      report(host, ending.assessment, complete);
      if (ending.assessment.outcome === "allow") return { kind: "approved" };
      return { kind: "denied", message: deniedActionMessage(ending.assessment.rationale) };
    }
  }
}

function report(host: AutoReviewHost, assessment: Assessment, complete: (review: Review) => void): void {
  host.emit("guardianWarning", { threadId: host.threadId, message: verdictWarning(assessment) });
  complete({
    status: assessment.outcome === "allow" ? "approved" : "denied",
    riskLevel: assessment.riskLevel,
    userAuthorization: assessment.userAuthorization,
    rationale: assessment.rationale,
  });
}

async function runReview(host: AutoReviewHost, action: ReviewedAction, timeoutMs: number): Promise<Ending> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([host.signal, deadline]);
  const { model, effort } = host.reviewModel();
  try {
    const text = await host.sample({ model, effort, input: reviewInput(host.history(), action), outputSchema: ASSESSMENT_SCHEMA }, signal);
    if (host.signal.aborted) return { kind: "aborted" };
    return { kind: "assessed", assessment: parseAssessment(text) };
  } catch (error) {
    if (host.signal.aborted) return { kind: "aborted" };
    if (deadline.aborted) return { kind: "timedOut" };
    return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}
