// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PluginInstalledParams = {
  cwds?: Array<string> | null;
  installSuggestionPluginNames?: Array<string> | null;
};
