// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { NetworkPolicyAmendment } from "./NetworkPolicyAmendment";

export type CommandExecutionApprovalDecision = "accept" | "acceptForSession" | "decline" | "cancel" | {
  acceptWithExecpolicyAmendment: {
    execpolicy_amendment: Array<string>;
  };
} | {
  applyNetworkPolicyAmendment: {
    network_policy_amendment: NetworkPolicyAmendment;
  };
};
