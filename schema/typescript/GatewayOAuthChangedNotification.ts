// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GatewayOAuthStatus } from "./GatewayOAuthStatus";

export type GatewayOAuthChangedNotification = {
  providerId: string;
  status: GatewayOAuthStatus;
  loginId?: string | null;
  authUrl?: string | null;
  error?: string | null;
};
