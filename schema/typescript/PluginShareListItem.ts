// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { PluginSummary } from "./PluginSummary";

export type PluginShareListItem = {
  plugin: PluginSummary;
  localPluginPath?: AbsolutePathBuf | null;
};
