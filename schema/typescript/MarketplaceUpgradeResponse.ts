// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { MarketplaceUpgradeErrorInfo } from "./MarketplaceUpgradeErrorInfo";

export type MarketplaceUpgradeResponse = {
  selectedMarketplaces: Array<string>;
  upgradedRoots: Array<AbsolutePathBuf>;
  errors: Array<MarketplaceUpgradeErrorInfo>;
};
