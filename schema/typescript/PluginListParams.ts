// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { PluginListMarketplaceKind } from "./PluginListMarketplaceKind";

export type PluginListParams = {
  cwds?: Array<AbsolutePathBuf> | null;
  marketplaceKinds?: Array<PluginListMarketplaceKind> | null;
  forceRefetch?: boolean;
};
