// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { PluginSummary } from "./PluginSummary";

export type PluginSearchResult = {
  plugin: PluginSummary;
  marketplaceName: string;
  marketplacePath: AbsolutePathBuf | null;
};
