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
