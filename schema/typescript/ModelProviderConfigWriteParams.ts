// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ProviderSettingsPatch } from "./ProviderSettingsPatch";

export type ModelProviderConfigWriteParams = {
  settings: ProviderSettingsPatch;
};
