// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PluginReconcileChangedPlugin = {
  id: string;
  hasSkills: boolean;
  hasMcps: boolean;
  hasApps: boolean;
  hasHooks: boolean;
};
