// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginShareListItem } from "./PluginShareListItem";

export type PluginShareListResponse = {
  data: Array<PluginShareListItem>;
};
