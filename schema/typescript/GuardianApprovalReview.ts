// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GuardianApprovalReviewStatus } from "./GuardianApprovalReviewStatus";
import type { GuardianRiskLevel } from "./GuardianRiskLevel";
import type { GuardianUserAuthorization } from "./GuardianUserAuthorization";

export type GuardianApprovalReview = {
  status: GuardianApprovalReviewStatus;
  riskLevel?: GuardianRiskLevel | null;
  userAuthorization?: GuardianUserAuthorization | null;
  rationale?: string | null;
};
