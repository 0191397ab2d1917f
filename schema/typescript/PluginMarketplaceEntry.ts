// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { MarketplaceInterface } from "./MarketplaceInterface";
import type { PluginSummary } from "./PluginSummary";

export type PluginMarketplaceEntry = {
  name: string;
  path: AbsolutePathBuf | null;
  interface: MarketplaceInterface | null;
  plugins: Array<PluginSummary>;
};
