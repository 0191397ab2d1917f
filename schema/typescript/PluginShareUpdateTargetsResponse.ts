// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginShareDiscoverability } from "./PluginShareDiscoverability";
import type { PluginSharePrincipal } from "./PluginSharePrincipal";

export type PluginShareUpdateTargetsResponse = {
  principals: Array<PluginSharePrincipal>;
  discoverability: PluginShareDiscoverability;
};
