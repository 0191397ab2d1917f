// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ConfigLayerSource } from "./ConfigLayerSource";
import type { JsonValue } from "./JsonValue";

export type ConfigLayer = {
  name: ConfigLayerSource;
  version: string;
  config: JsonValue;
  disabledReason?: string | null;
};
