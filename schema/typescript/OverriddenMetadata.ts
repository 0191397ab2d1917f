// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ConfigLayerMetadata } from "./ConfigLayerMetadata";
import type { JsonValue } from "./JsonValue";

export type OverriddenMetadata = {
  message: string;
  overridingLayer: ConfigLayerMetadata;
  effectiveValue: JsonValue;
};
