// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";

export type PluginReadParams = {
  pluginName: string;
  marketplacePath?: AbsolutePathBuf | null;
  remoteMarketplaceName?: string | null;
};
