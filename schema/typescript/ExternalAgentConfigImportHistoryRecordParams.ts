// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigImportHistoryRecordTypeResultParams } from "./ExternalAgentConfigImportHistoryRecordTypeResultParams";

export type ExternalAgentConfigImportHistoryRecordParams = {
  providerId: string;
  itemTypeResults: Array<ExternalAgentConfigImportHistoryRecordTypeResultParams>;
};
