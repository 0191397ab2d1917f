// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { BedrockProviderId } from "./BedrockProviderId";
import type { GcpProviderId } from "./GcpProviderId";

export type ProviderSettingsPatch = {
  type: "customGateway";
  providerId?: string | null;
  name?: string;
  baseUrl?: string | null;
  envKey?: string | null;
} | {
  type: "bedrock";
  providerId: BedrockProviderId;
  profile?: string | null;
  region?: string | null;
} | {
  type: "gcp";
  providerId: GcpProviderId;
  credentialFile?: string | null;
  location?: string | null;
  projectId?: string | null;
};
