// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginSearchResult } from "./PluginSearchResult";

export type PluginSearchResponse = {
  data: Array<PluginSearchResult>;
  nextCursor: string | null;
};
