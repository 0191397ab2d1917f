import { z } from "zod";
import { named } from "./schema-meta.js";

/** app/read: metadata of apps (connectors) by id. */
export const AppsReadParams = named(
  "AppsReadParams",
  z.object({ appIds: z.array(z.string()), includeTools: z.boolean().optional(), threadId: z.string().nullish() }),
);

export const AppToolSummary = named(
  "AppToolSummary",
  z.object({
    name: z.string(),
    title: z.string().nullish(),
    description: z.string(),
    disabledReason: z.string().nullish(),
    isEnabled: z.boolean().optional(),
    isReadOnly: z.boolean().optional(),
  }),
);

export const ConnectorMetadata = named(
  "ConnectorMetadata",
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    distributionChannel: z.string().nullish(),
    iconUrl: z.string().nullish(),
    iconUrlDark: z.string().nullish(),
    installUrl: z.string().nullish(),
    pluginDisplayNames: z.array(z.string()).optional(),
    toolSummaries: z.array(AppToolSummary).nullish(),
  }),
);

export const AppsReadResponse = named(
  "AppsReadResponse",
  z.object({ apps: z.array(ConnectorMetadata), missingAppIds: z.array(z.string()) }),
);
