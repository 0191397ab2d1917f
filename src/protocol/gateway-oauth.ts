import { z } from "zod";
import { EmptyObject } from "./common.js";
import { named } from "./schema-meta.js";

/** account/gatewayOAuth/*: sign-in to a model provider whose gateway uses OAuth. */
export const GatewayOAuthStatus = named("GatewayOAuthStatus", z.enum(["notReady", "started", "succeeded", "failed"]));

export const GatewayOAuthReadParams = named("GatewayOAuthReadParams", z.object({ modelProvider: z.string().nullish() }));
export const GatewayOAuthReadResponse = named(
  "GatewayOAuthReadResponse",
  z.object({
    providerId: z.string(),
    providerName: z.string(),
    required: z.boolean(),
    supportsDeviceAuth: z.boolean(),
    status: GatewayOAuthStatus.nullable(),
    error: z.string().nullable(),
  }),
);

export const GatewayOAuthLoginParams = named(
  "GatewayOAuthLoginParams",
  z.object({ modelProvider: z.string().nullish(), deviceAuth: z.boolean().optional() }),
);
export const GatewayOAuthPrompt = named(
  "GatewayOAuthPrompt",
  z.object({ loginId: z.string(), userCode: z.string(), verificationUrl: z.string() }),
);
export const GatewayOAuthLoginResponse = named("GatewayOAuthLoginResponse", z.object({ prompt: GatewayOAuthPrompt.nullish() }));

export const GatewayOAuthCancelResponse = named("GatewayOAuthCancelResponse", EmptyObject);

export const GatewayOAuthChangedNotification = named(
  "GatewayOAuthChangedNotification",
  z.object({
    providerId: z.string(),
    status: GatewayOAuthStatus,
    loginId: z.string().nullish(),
    authUrl: z.string().nullish(),
    error: z.string().nullish(),
  }),
);
