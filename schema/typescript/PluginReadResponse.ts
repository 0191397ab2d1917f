// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PluginDetail } from "./PluginDetail";

export type PluginReadResponse = {
  plugin: PluginDetail;
};
