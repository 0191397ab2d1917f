// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginReconcileChangedPlugin } from "./PluginReconcileChangedPlugin";

export type PluginReconcileResponse = {
  changedPlugins: Array<PluginReconcileChangedPlugin>;
  failedRemotePluginIds: Array<string>;
  failedMaterializationRemotePluginIds: Array<string>;
};
