// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ApprovalsReviewer } from "./ApprovalsReviewer";
import type { JsonValue } from "./JsonValue";
import type { ReasoningEffort } from "./ReasoningEffort";
import type { ReasoningSummary } from "./ReasoningSummary";

export type TurnSettingsUpdateParams = {
  threadId: string;
  turnId: string;
  approvalsReviewer?: ApprovalsReviewer | null;
  effort?: ReasoningEffort | null;
  environments?: Array<JsonValue> | null;
  model?: string | null;
  serviceTier?: string | null;
  summary?: ReasoningSummary | null;
};
