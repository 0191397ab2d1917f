// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ProviderSettings } from "./ProviderSettings";

export type ModelProviderSummary = {
  id: string;
  name: string;
  canEdit: boolean;
  baseUrl?: string | null;
  settings: ProviderSettings;
};
