// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Config } from "./Config";
import type { ConfigLayer } from "./ConfigLayer";
import type { ConfigLayerMetadata } from "./ConfigLayerMetadata";

export type ConfigReadResponse = {
  config: Config;
  origins: { [key: string]: ConfigLayerMetadata };
  layers?: Array<ConfigLayer> | null;
};
