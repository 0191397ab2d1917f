import type { AskForApproval, ApprovalsReviewer } from "../../protocol/policy.js";

/**
 * Whether an approval the policy would put to the user goes to the automatic
 * reviewer instead: only under `on-request` or `granular` (the policies that
 * ask for escalations), and only when the thread's reviewer is the automatic
 * one (`guardian_subagent` is its legacy name). `untrusted` and `never` keep
 * their own behaviour.
 */
export function routesToAutoReview(policy: AskForApproval, reviewer: ApprovalsReviewer | null | undefined): boolean {
  const asksForEscalations = policy === "on-request" || typeof policy === "object";
  return asksForEscalations && (reviewer === "auto_review" || reviewer === "guardian_subagent");
}
