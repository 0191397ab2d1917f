// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ConfigLayerSource } from "./ConfigLayerSource";

export type ConfigLayerMetadata = {
  name: ConfigLayerSource;
  version: string;
};
