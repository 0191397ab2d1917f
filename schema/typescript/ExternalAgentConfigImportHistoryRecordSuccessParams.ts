// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigMigrationItemType } from "./ExternalAgentConfigMigrationItemType";

export type ExternalAgentConfigImportHistoryRecordSuccessParams = {
  itemType: ExternalAgentConfigMigrationItemType;
  cwd?: string | null;
  source?: string | null;
  target?: string | null;
  title?: string | null;
};
