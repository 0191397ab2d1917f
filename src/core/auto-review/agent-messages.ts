import type { Assessment } from "./assessment.js";

/**
 * What the agent model and the user read about a review's result. These
 * texts are the reference's own (codex 0.169.0): the model sees them as the
 * tool's rejection reason, the client in `guardianWarning`.
 */

const REJECTION_INSTRUCTIONS =
  "The agent must not attempt to achieve the same outcome via workaround, indirect execution, or policy circumvention. " +
  "Proceed only with a materially safer alternative, or if the user explicitly approves the action after being informed of the risk. " +
  "Otherwise, stop and request user input.";

const NO_RATIONALE = "Auto-reviewer denied the action without a specific rationale.";

/** The rejection reason a denied action gets. */
export function deniedActionMessage(rationale: string | null): string {
  const reason = rationale !== null && rationale.trim() !== "" ? rationale.trim() : NO_RATIONALE;
  return `This action was rejected due to unacceptable risk.\nReason: ${reason}\n${REJECTION_INSTRUCTIONS}`;
}

/** The rejection reason when the review ran out of time. */
export const TIMED_OUT_ACTION_MESSAGE =
  "The automatic permission approval review did not finish before its deadline. " +
  "Do not assume the action is unsafe based on the timeout alone. " +
  "You may retry once, or ask the user for guidance or explicit approval.";

/** The rejection reason when the reviewer failed (error or unreadable answer). */
export const FAILED_REVIEW_ACTION_MESSAGE =
  "The action was not executed because automatic approval review could not be completed. " +
  "This is a review failure, not a determination that the action is unsafe. " +
  "Do not bypass the approval check; resolve the error or ask the user for guidance.";

export const TIMED_OUT_RATIONALE = "Automatic approval review timed out while evaluating the requested approval.";

/** The `guardianWarning` that reports a verdict. */
export function verdictWarning(assessment: Assessment): string {
  const verdict = assessment.outcome === "allow" ? "approved" : "denied";
  return `Automatic approval review ${verdict} (risk: ${assessment.riskLevel}, authorization: ${assessment.userAuthorization}): ${assessment.rationale}`;
}

/**
 * How the developer message starts that thread/approveGuardianDeniedAction
 * leaves in the thread: the one developer message the reviewer is shown,
 * since it is the user's own authorization.
 */
export const USER_OVERRIDE_NOTE_PREFIX = "The user explicitly approved an action that the automatic approval review had denied";
