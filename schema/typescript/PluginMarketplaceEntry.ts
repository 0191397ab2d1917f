// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PluginMarketplaceEntry = {
  name: string;
  plugins: Array<{ [key: string]: unknown }>;
} & { [key: string]: unknown };
