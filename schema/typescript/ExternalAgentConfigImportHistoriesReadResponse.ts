// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigImportHistory } from "./ExternalAgentConfigImportHistory";
import type { ExternalAgentImportedConnectorCandidate } from "./ExternalAgentImportedConnectorCandidate";

export type ExternalAgentConfigImportHistoriesReadResponse = {
  data: Array<ExternalAgentConfigImportHistory>;
  connectors: Array<ExternalAgentImportedConnectorCandidate>;
};
