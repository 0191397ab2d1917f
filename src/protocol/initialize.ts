import { z } from "zod";
import { JsonValue } from "./common.js";
import { named } from "./schema-meta.js";

export const ClientInfo = named(
  "ClientInfo",
  z.object({
    name: z.string(),
    title: z.string().nullish(),
    version: z.string(),
  }),
);

export const InitializeCapabilities = named(
  "InitializeCapabilities",
  z.object({
    experimentalApi: z.boolean().optional(),
    optOutNotificationMethods: z.array(z.string()).nullish(),
    requestAttestation: z.boolean().optional(),
    requiredHumanApproval: z.boolean().optional(),
    explicitGatewayOauth: z.boolean().optional(),
    mcpServerOpenaiFormElicitation: z.boolean().optional(),
    extensions: z.record(JsonValue).nullish(),
  }),
);

export const InitializeParams = named(
  "InitializeParams",
  z.object({
    clientInfo: ClientInfo,
    capabilities: InitializeCapabilities.nullish(),
  }),
);
export type InitializeParams = z.infer<typeof InitializeParams>;

export const InitializeResponse = named(
  "InitializeResponse",
  z.object({
    userAgent: z.string(),
    codexHome: z.string(),
    platformFamily: z.string(),
    platformOs: z.string(),
  }),
);
export type InitializeResponse = z.infer<typeof InitializeResponse>;
