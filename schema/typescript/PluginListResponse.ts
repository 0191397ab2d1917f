// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { MarketplaceLoadErrorInfo } from "./MarketplaceLoadErrorInfo";
import type { PluginMarketplaceEntry } from "./PluginMarketplaceEntry";

export type PluginListResponse = {
  marketplaces: Array<PluginMarketplaceEntry>;
  marketplaceLoadErrors: Array<MarketplaceLoadErrorInfo>;
  featuredPluginIds: Array<string>;
};
