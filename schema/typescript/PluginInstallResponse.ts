// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AppSummary } from "./AppSummary";
import type { PluginAuthPolicy } from "./PluginAuthPolicy";

export type PluginInstallResponse = {
  authPolicy: PluginAuthPolicy;
  appsNeedingAuth: Array<AppSummary>;
};
