// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ExternalAgentConfigMigrationItem } from "./ExternalAgentConfigMigrationItem";
import type { ExternalAgentDetectedConnectorCandidate } from "./ExternalAgentDetectedConnectorCandidate";

export type ExternalAgentConfigDetectResponse = {
  items: Array<ExternalAgentConfigMigrationItem>;
  connectors?: Array<ExternalAgentDetectedConnectorCandidate>;
};
