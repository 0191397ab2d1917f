// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ApprovalsReviewer } from "./ApprovalsReviewer";
import type { AskForApproval } from "./AskForApproval";
import type { ForcedLoginMethod } from "./ForcedLoginMethod";
import type { JsonValue } from "./JsonValue";
import type { SandboxMode } from "./SandboxMode";
import type { WebSearchMode } from "./WebSearchMode";

export type ConfigRequirements = {
  allowedApprovalPolicies?: Array<AskForApproval> | null;
  allowedSandboxModes?: Array<SandboxMode> | null;
  allowedWebSearchModes?: Array<WebSearchMode> | null;
  allowedApprovalsReviewers?: Array<ApprovalsReviewer> | null;
  allowedLoginMethods?: Array<ForcedLoginMethod> | null;
  chatgptBaseUrl?: string | null;
  modelProvider?: string | null;
  modelProviders?: { [key: string]: JsonValue } | null;
  featureRequirements?: { [key: string]: boolean } | null;
} & { [key: string]: unknown };
