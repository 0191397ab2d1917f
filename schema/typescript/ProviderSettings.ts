// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GatewayAuth } from "./GatewayAuth";

export type ProviderSettings = {
  type: "openai";
} | {
  type: "customGateway";
  auth: GatewayAuth;
} | {
  type: "bedrock";
  profile?: string | null;
  region?: string | null;
} | {
  type: "gcp";
  credentialFile?: string | null;
  location?: string | null;
  projectId?: string | null;
};
