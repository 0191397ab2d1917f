// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";

export type MarketplaceAddResponse = {
  marketplaceName: string;
  installedRoot: AbsolutePathBuf;
  alreadyAdded: boolean;
};
