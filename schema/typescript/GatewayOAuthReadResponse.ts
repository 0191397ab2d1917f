// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GatewayOAuthStatus } from "./GatewayOAuthStatus";

export type GatewayOAuthReadResponse = {
  providerId: string;
  providerName: string;
  required: boolean;
  supportsDeviceAuth: boolean;
  status: GatewayOAuthStatus | null;
  error: string | null;
};
