// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { PluginShareDiscoverability } from "./PluginShareDiscoverability";
import type { PluginShareTarget } from "./PluginShareTarget";

export type PluginShareSaveParams = {
  pluginPath: AbsolutePathBuf;
  remotePluginId?: string | null;
  discoverability?: PluginShareDiscoverability | null;
  shareTargets?: Array<PluginShareTarget> | null;
};
