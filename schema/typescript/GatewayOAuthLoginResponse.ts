// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GatewayOAuthPrompt } from "./GatewayOAuthPrompt";

export type GatewayOAuthLoginResponse = {
  prompt?: GatewayOAuthPrompt | null;
};
