// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PluginsMigration = {
  marketplaceName: string;
  pluginNames: Array<string>;
};
