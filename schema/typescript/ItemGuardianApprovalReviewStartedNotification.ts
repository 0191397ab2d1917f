// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GuardianApprovalReview } from "./GuardianApprovalReview";
import type { GuardianApprovalReviewAction } from "./GuardianApprovalReviewAction";

export type ItemGuardianApprovalReviewStartedNotification = {
  threadId: string;
  turnId: string;
  reviewId: string;
  startedAtMs: number;
  targetItemId?: string | null;
  review: GuardianApprovalReview;
  action: GuardianApprovalReviewAction;
};
