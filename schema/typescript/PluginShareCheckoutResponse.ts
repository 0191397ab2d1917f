// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";

export type PluginShareCheckoutResponse = {
  remotePluginId: string;
  pluginId: string;
  pluginName: string;
  pluginPath: AbsolutePathBuf;
  marketplaceName: string;
  marketplacePath: AbsolutePathBuf;
  remoteVersion?: string | null;
};
