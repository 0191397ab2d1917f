/**
 * Surfaces this server does not implement (hooks, skills, plugins, apps, MCP
 * servers, feature flags, Bedrock) but that clients such as the Codex TUI call
 * at startup: their params and results, so the server can give well-formed
 * empty answers. Item types are declared with their required fields only.
 */
import { z } from "zod";
import { Int } from "./common.js";
import { ReasoningEffort } from "./policy.js";
import { named } from "./schema-meta.js";

// hooks/list -----------------------------------------------------------------

export const HooksListParams = named(
  "HooksListParams",
  z.object({
    cwds: z.array(z.string()).optional(),
    threadId: z.string().nullish(),
  }),
);
export type HooksListParams = z.infer<typeof HooksListParams>;

export const HookErrorInfo = named("HookErrorInfo", z.object({ path: z.string(), message: z.string() }));

export const HookMetadata = named(
  "HookMetadata",
  z
    .object({
      key: z.string(),
      eventName: z.string(),
      handlerType: z.string(),
      enabled: z.boolean(),
    })
    .passthrough(),
);

export const HooksListEntry = named(
  "HooksListEntry",
  z.object({
    cwd: z.string(),
    hooks: z.array(HookMetadata),
    warnings: z.array(z.string()),
    errors: z.array(HookErrorInfo),
  }),
);

export const HooksListResponse = named("HooksListResponse", z.object({ data: z.array(HooksListEntry) }));

// skills/list ----------------------------------------------------------------

export const SkillsListParams = named(
  "SkillsListParams",
  z.object({
    cwds: z.array(z.string()).optional(),
    forceReload: z.boolean().optional(),
  }),
);
export type SkillsListParams = z.infer<typeof SkillsListParams>;

export const SkillErrorInfo = named("SkillErrorInfo", z.object({ path: z.string(), message: z.string() }));

export const SkillMetadata = named(
  "SkillMetadata",
  z
    .object({
      name: z.string(),
      description: z.string(),
      path: z.string(),
      scope: z.string(),
      enabled: z.boolean(),
    })
    .passthrough(),
);

export const SkillsListEntry = named(
  "SkillsListEntry",
  z.object({ cwd: z.string(), skills: z.array(SkillMetadata), errors: z.array(SkillErrorInfo) }),
);

export const SkillsListResponse = named("SkillsListResponse", z.object({ data: z.array(SkillsListEntry) }));

// plugin/installed -----------------------------------------------------------

export const PluginInstalledParams = named(
  "PluginInstalledParams",
  z.object({
    cwds: z.array(z.string()).nullish(),
    installSuggestionPluginNames: z.array(z.string()).nullish(),
  }),
);

export const PluginMarketplaceEntry = named(
  "PluginMarketplaceEntry",
  z.object({ name: z.string(), plugins: z.array(z.record(z.unknown())) }).passthrough(),
);

export const MarketplaceLoadErrorInfo = named(
  "MarketplaceLoadErrorInfo",
  z.object({ marketplacePath: z.string(), message: z.string() }),
);

export const PluginInstalledResponse = named(
  "PluginInstalledResponse",
  z.object({
    marketplaces: z.array(PluginMarketplaceEntry),
    marketplaceLoadErrors: z.array(MarketplaceLoadErrorInfo),
  }),
);

// app/installed, app/list ----------------------------------------------------

export const AppsInstalledParams = named(
  "AppsInstalledParams",
  z.object({
    threadId: z.string().nullish(),
    forceRefresh: z.boolean().optional(),
  }),
);

export const InstalledApp = named(
  "InstalledApp",
  z.object({
    id: z.string(),
    enabled: z.boolean(),
    callable: z.boolean(),
    runtimeName: z.string().nullish(),
  }),
);

export const AppsInstalledResponse = named("AppsInstalledResponse", z.object({ apps: z.array(InstalledApp) }));

export const AppsListParams = named(
  "AppsListParams",
  z.object({
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    threadId: z.string().nullish(),
    forceRefetch: z.boolean().optional(),
  }),
);

export const AppInfo = named("AppInfo", z.object({ id: z.string(), name: z.string() }).passthrough());

export const AppsListResponse = named(
  "AppsListResponse",
  z.object({ data: z.array(AppInfo), nextCursor: z.string().nullable() }),
);

// collaborationMode/list (experimental) --------------------------------------

export const CollaborationModeListParams = named("CollaborationModeListParams", z.object({}));

export const ModeKind = named("ModeKind", z.enum(["plan", "default"]));

export const CollaborationModeMask = named(
  "CollaborationModeMask",
  z.object({
    name: z.string(),
    mode: ModeKind.nullable(),
    model: z.string().nullable(),
    reasoning_effort: ReasoningEffort.nullable(),
  }),
);
export type CollaborationModeMask = z.infer<typeof CollaborationModeMask>;

export const CollaborationModeListResponse = named(
  "CollaborationModeListResponse",
  z.object({ data: z.array(CollaborationModeMask) }),
);

// account/bedrock/checkGovCloudRequirements (experimental) -------------------

export const BedrockCheckGovCloudRequirementsParams = named("BedrockCheckGovCloudRequirementsParams", z.object({}));

export const BedrockCheckGovCloudRequirementsResponse = named(
  "BedrockCheckGovCloudRequirementsResponse",
  z.object({ isGovCloud: z.boolean(), shouldWarn: z.boolean() }),
);

// mcpServerStatus/list, config/mcpServer/reload ------------------------------

export const McpServerStatusDetail = named("McpServerStatusDetail", z.enum(["full", "toolsAndAuthOnly"]));

export const ListMcpServerStatusParams = named(
  "ListMcpServerStatusParams",
  z.object({
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    detail: McpServerStatusDetail.nullish(),
    serverName: z.string().nullish(),
    threadId: z.string().nullish(),
  }),
);

export const McpServerStatus = named(
  "McpServerStatus",
  z
    .object({
      name: z.string(),
      authStatus: z.enum(["unknown", "unsupported", "notLoggedIn", "bearerToken", "oAuth"]),
      tools: z.record(z.unknown()),
      resources: z.array(z.unknown()),
      resourceTemplates: z.array(z.unknown()),
    })
    .passthrough(),
);

export const ListMcpServerStatusResponse = named(
  "ListMcpServerStatusResponse",
  z.object({ data: z.array(McpServerStatus), nextCursor: z.string().nullable() }),
);

export const McpServerRefreshResponse = named("McpServerRefreshResponse", z.object({}));

// experimentalFeature/list ---------------------------------------------------

export const ExperimentalFeatureListParams = named(
  "ExperimentalFeatureListParams",
  z.object({
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    threadId: z.string().nullish(),
  }),
);

export const ExperimentalFeatureStage = named(
  "ExperimentalFeatureStage",
  z.enum(["beta", "underDevelopment", "stable", "deprecated", "removed"]),
);

export const ExperimentalFeature = named(
  "ExperimentalFeature",
  z.object({
    name: z.string(),
    stage: ExperimentalFeatureStage,
    displayName: z.string().nullable(),
    description: z.string().nullable(),
    announcement: z.string().nullable(),
    enabled: z.boolean(),
    defaultEnabled: z.boolean(),
  }),
);

export const ExperimentalFeatureListResponse = named(
  "ExperimentalFeatureListResponse",
  z.object({ data: z.array(ExperimentalFeature), nextCursor: z.string().nullable() }),
);

export const ExperimentalFeatureEnablementSetParams = named(
  "ExperimentalFeatureEnablementSetParams",
  z.object({ enablement: z.record(z.boolean()) }),
);

export const ExperimentalFeatureEnablementSetResponse = named(
  "ExperimentalFeatureEnablementSetResponse",
  z.object({ enablement: z.record(z.boolean()) }),
);
