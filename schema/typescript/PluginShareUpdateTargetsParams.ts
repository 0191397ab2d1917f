// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginShareTarget } from "./PluginShareTarget";
import type { PluginShareUpdateDiscoverability } from "./PluginShareUpdateDiscoverability";

export type PluginShareUpdateTargetsParams = {
  remotePluginId: string;
  discoverability: PluginShareUpdateDiscoverability;
  shareTargets: Array<PluginShareTarget>;
};
