// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginSharePrincipalType } from "./PluginSharePrincipalType";
import type { PluginShareTargetRole } from "./PluginShareTargetRole";

export type PluginShareTarget = {
  principalType: PluginSharePrincipalType;
  principalId: string;
  role: PluginShareTargetRole;
};
