// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";

export type InitializeCapabilities = {
  experimentalApi?: boolean;
  optOutNotificationMethods?: Array<string> | null;
  requestAttestation?: boolean;
  requiredHumanApproval?: boolean;
  explicitGatewayOauth?: boolean;
  mcpServerOpenaiFormElicitation?: boolean;
  extensions?: { [key: string]: JsonValue } | null;
};
