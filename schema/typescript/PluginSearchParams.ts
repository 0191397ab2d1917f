// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { PluginSearchScope } from "./PluginSearchScope";

export type PluginSearchParams = {
  searchTerm: string;
  cwds?: Array<AbsolutePathBuf> | null;
  scope?: PluginSearchScope | null;
  cursor?: string | null;
  limit?: number | null;
};
