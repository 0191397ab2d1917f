// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { NetworkPolicyRuleAction } from "./NetworkPolicyRuleAction";

export type NetworkPolicyAmendment = {
  host: string;
  action: NetworkPolicyRuleAction;
};
