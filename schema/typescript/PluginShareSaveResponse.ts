// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PluginShareSaveResponse = {
  remotePluginId: string;
  shareUrl: string;
  canPublishToWorkspace?: boolean | null;
};
