import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

export const GatewayAuth = named(
  "GatewayAuth",
  z.union([
    z.object({ mode: z.literal("none") }),
    z.object({ mode: z.literal("environmentVariable"), envKey: z.string() }),
    z.object({ mode: z.literal("externallyConfigured"), envKey: z.string().nullish() }),
  ]),
);

export const ProviderSettings = named(
  "ProviderSettings",
  z.union([
    z.object({ type: z.literal("openai") }),
    z.object({ type: z.literal("customGateway"), auth: GatewayAuth }),
    z.object({ type: z.literal("bedrock"), profile: z.string().nullish(), region: z.string().nullish() }),
    z.object({ type: z.literal("gcp"), credentialFile: z.string().nullish(), location: z.string().nullish(), projectId: z.string().nullish() }),
  ]),
);

export const ModelProviderSummary = named(
  "ModelProviderSummary",
  z.object({ id: z.string(), name: z.string(), canEdit: z.boolean(), baseUrl: z.string().nullish(), settings: ProviderSettings }),
);

export const ModelProviderListParams = named("ModelProviderListParams", z.object({}).passthrough());
export const ModelProviderListResponse = named(
  "ModelProviderListResponse",
  z.object({ data: z.array(ModelProviderSummary), defaultProviderId: z.string(), canChangeDefault: z.boolean() }),
);

export const BedrockProviderId = named("BedrockProviderId", z.enum(["amazon-bedrock", "amazon-bedrock-runtime"]));
export const GcpProviderId = named("GcpProviderId", z.enum(["gcp"]));

export const ProviderSettingsPatch = named(
  "ProviderSettingsPatch",
  z.union([
    z
      .object({
        type: z.literal("customGateway"),
        providerId: z.string().nullish(),
        name: z.string().optional(),
        baseUrl: z.string().nullish(),
        envKey: z.string().nullish(),
      })
      .strict(),
    z
      .object({ type: z.literal("bedrock"), providerId: BedrockProviderId, profile: z.string().nullish(), region: z.string().nullish() })
      .strict(),
    z
      .object({
        type: z.literal("gcp"),
        providerId: GcpProviderId,
        credentialFile: z.string().nullish(),
        location: z.string().nullish(),
        projectId: z.string().nullish(),
      })
      .strict(),
  ]),
);
export type ProviderSettingsPatch = z.infer<typeof ProviderSettingsPatch>;

export const ModelProviderConfigWriteParams = named(
  "ModelProviderConfigWriteParams",
  z.object({ settings: ProviderSettingsPatch }).strict(),
);
export const ModelProviderConfigWriteResponse = named(
  "ModelProviderConfigWriteResponse",
  z.object({ provider: ModelProviderSummary }),
);

export const ModelProviderCapabilitiesReadParams = named("ModelProviderCapabilitiesReadParams", z.object({}).passthrough());
export const ModelProviderCapabilitiesReadResponse = named(
  "ModelProviderCapabilitiesReadResponse",
  z.object({ imageGeneration: z.boolean(), webSearch: z.boolean() }),
);

export const PermissionProfileListParams = named(
  "PermissionProfileListParams",
  z.object({ cursor: z.string().nullish(), cwd: z.string().nullish(), limit: Int.nonnegative().nullish() }),
);
export const PermissionProfileSummary = named(
  "PermissionProfileSummary",
  z.object({ id: z.string(), description: z.string().nullish(), allowed: z.boolean() }),
);
export const PermissionProfileListResponse = named(
  "PermissionProfileListResponse",
  z.object({ data: z.array(PermissionProfileSummary), nextCursor: z.string().nullish() }),
);
