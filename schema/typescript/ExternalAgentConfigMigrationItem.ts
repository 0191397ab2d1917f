// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigMigrationItemType } from "./ExternalAgentConfigMigrationItemType";
import type { MigrationDetails } from "./MigrationDetails";

export type ExternalAgentConfigMigrationItem = {
  itemType: ExternalAgentConfigMigrationItemType;
  description: string;
  cwd?: string | null;
  details?: MigrationDetails | null;
};
