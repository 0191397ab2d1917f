import { approveGuardianDeniedAction } from "../core/guardian-approval.js";
import type { HandlerTable } from "./context.js";

export const guardianHandlers: Pick<HandlerTable, "thread/approveGuardianDeniedAction"> = {
  "thread/approveGuardianDeniedAction"({ threadId, event }, { services }) {
    approveGuardianDeniedAction(services.threads, threadId, event);
    return {};
  },
};
