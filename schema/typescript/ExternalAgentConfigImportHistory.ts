// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigImportItemTypeFailure } from "./ExternalAgentConfigImportItemTypeFailure";
import type { ExternalAgentConfigImportItemTypeSuccess } from "./ExternalAgentConfigImportItemTypeSuccess";

export type ExternalAgentConfigImportHistory = {
  importId: string;
  providerId: string | null;
  completedAtMs: number;
  successes: Array<ExternalAgentConfigImportItemTypeSuccess>;
  failures: Array<ExternalAgentConfigImportItemTypeFailure>;
};
