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

export const HookEventName = named(
  "HookEventName",
  z.enum([
    "preModelRequest",
    "postModelRequest",
    "preToolUse",
    "permissionRequest",
    "postToolUse",
    "preCompact",
    "postCompact",
    "sessionStart",
    "sessionEnd",
    "userPromptSubmit",
    "subagentStart",
    "subagentStop",
    "stop",
    "interrupt",
  ]),
);
export type HookEventName = z.infer<typeof HookEventName>;

export const HookSource = named(
  "HookSource",
  z.enum([
    "system",
    "user",
    "project",
    "mdm",
    "sessionFlags",
    "plugin",
    "cloudRequirements",
    "cloudManagedConfig",
    "legacyManagedConfigFile",
    "legacyManagedConfigMdm",
    "unknown",
  ]),
);
export type HookSource = z.infer<typeof HookSource>;

export const HookTrustStatus = named("HookTrustStatus", z.enum(["managed", "untrusted", "trusted", "modified"]));
export type HookTrustStatus = z.infer<typeof HookTrustStatus>;

/** One configured hook handler (only command handlers run here). */
export const HookMetadata = named(
  "HookMetadata",
  z.object({
    key: z.string(),
    eventName: HookEventName,
    handlerType: z.literal("command"),
    command: z.string(),
    async: z.boolean().optional(),
    matcher: z.string().nullable(),
    timeoutSec: Int,
    statusMessage: z.string().nullable(),
    sourcePath: z.string(),
    source: HookSource,
    pluginId: z.string().nullable(),
    environmentId: z.string().nullable(),
    additionalContextLimit: Int.nullable(),
    displayOrder: Int,
    enabled: z.boolean(),
    isManaged: z.boolean(),
    currentHash: z.string(),
    trustStatus: HookTrustStatus,
  }),
);
export type HookMetadata = z.infer<typeof HookMetadata>;

export const HooksListEntry = named(
  "HooksListEntry",
  z.object({
    cwd: z.string(),
    hooks: z.array(HookMetadata),
    warnings: z.array(z.string()),
    errors: z.array(HookErrorInfo),
  }),
);
export type HooksListEntry = z.infer<typeof HooksListEntry>;

export const HooksListResponse = named("HooksListResponse", z.object({ data: z.array(HooksListEntry) }));

// hook/started, hook/completed -------------------------------------------------

export const HookOutputEntry = named(
  "HookOutputEntry",
  z.object({ kind: z.enum(["warning", "stop", "feedback", "context", "error"]), text: z.string() }),
);
export type HookOutputEntry = z.infer<typeof HookOutputEntry>;

export const HookRunSummary = named(
  "HookRunSummary",
  z.object({
    id: z.string(),
    eventName: HookEventName,
    handlerType: z.enum(["command", "mcpTool", "prompt", "agent"]),
    executionMode: z.enum(["sync", "async"]),
    scope: z.enum(["thread", "turn"]),
    sourcePath: z.string(),
    source: HookSource,
    displayOrder: Int,
    status: z.enum(["running", "completed", "failed", "blocked", "stopped"]),
    statusMessage: z.string().nullable(),
    startedAt: Int,
    completedAt: Int.nullable(),
    durationMs: Int.nullable(),
    entries: z.array(HookOutputEntry),
  }),
);
export type HookRunSummary = z.infer<typeof HookRunSummary>;

export const HookStartedNotification = named(
  "HookStartedNotification",
  z.object({ threadId: z.string(), turnId: z.string().nullable(), run: HookRunSummary }),
);
export const HookCompletedNotification = named(
  "HookCompletedNotification",
  z.object({ threadId: z.string(), turnId: z.string().nullable(), run: HookRunSummary }),
);

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

export const SkillScope = named("SkillScope", z.enum(["user", "repo", "system", "admin"]));
export type SkillScope = z.infer<typeof SkillScope>;

export const SkillInterface = named(
  "SkillInterface",
  z.object({
    displayName: z.string().nullable().optional(),
    shortDescription: z.string().nullable().optional(),
    iconSmall: z.string().nullable().optional(),
    iconSmallUrl: z.string().nullable().optional(),
    iconLarge: z.string().nullable().optional(),
    iconLargeUrl: z.string().nullable().optional(),
    brandColor: z.string().nullable().optional(),
    defaultPrompt: z.string().nullable().optional(),
  }),
);
export type SkillInterface = z.infer<typeof SkillInterface>;

export const SkillToolDependency = named(
  "SkillToolDependency",
  z.object({
    type: z.string(),
    value: z.string(),
    description: z.string().nullable().optional(),
    transport: z.string().nullable().optional(),
    command: z.string().nullable().optional(),
    url: z.string().nullable().optional(),
  }),
);

export const SkillDependencies = named("SkillDependencies", z.object({ tools: z.array(SkillToolDependency) }));
export type SkillDependencies = z.infer<typeof SkillDependencies>;

export const SkillMetadata = named(
  "SkillMetadata",
  z.object({
    name: z.string(),
    description: z.string(),
    shortDescription: z.string().nullable().optional(),
    interface: SkillInterface.nullable().optional(),
    dependencies: SkillDependencies.nullable().optional(),
    path: z.string(),
    scope: SkillScope,
    enabled: z.boolean(),
    pluginId: z.string().nullable().optional(),
  }),
);
export type SkillMetadata = z.infer<typeof SkillMetadata>;

export const SkillsListEntry = named(
  "SkillsListEntry",
  z.object({ cwd: z.string(), skills: z.array(SkillMetadata), errors: z.array(SkillErrorInfo) }),
);
export type SkillsListEntry = z.infer<typeof SkillsListEntry>;

export const SkillsListResponse = named("SkillsListResponse", z.object({ data: z.array(SkillsListEntry) }));

// skills/extraRoots/set, skills/config/write, skills/changed -------------------

export const SkillsExtraRootsSetParams = named(
  "SkillsExtraRootsSetParams",
  z.object({ extraRoots: z.array(z.string()) }),
);
export const SkillsExtraRootsSetResponse = named("SkillsExtraRootsSetResponse", z.object({}));

export const SkillsConfigWriteParams = named(
  "SkillsConfigWriteParams",
  z.object({ enabled: z.boolean(), name: z.string().nullish(), path: z.string().nullish() }),
);
export type SkillsConfigWriteParams = z.infer<typeof SkillsConfigWriteParams>;
export const SkillsConfigWriteResponse = named("SkillsConfigWriteResponse", z.object({ effectiveEnabled: z.boolean() }));

export const SkillsChangedNotification = named("SkillsChangedNotification", z.object({}));

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
