// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ModelProviderSummary } from "./ModelProviderSummary";

export type ModelProviderConfigWriteResponse = {
  provider: ModelProviderSummary;
};
