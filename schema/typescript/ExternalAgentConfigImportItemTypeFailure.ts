// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigMigrationItemType } from "./ExternalAgentConfigMigrationItemType";

export type ExternalAgentConfigImportItemTypeFailure = {
  itemType: ExternalAgentConfigMigrationItemType;
  errorType?: string | null;
  subErrorType?: string | null;
  failureStage: string;
  message: string;
  cwd?: string | null;
  source?: string | null;
};
