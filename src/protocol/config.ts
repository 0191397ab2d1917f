import { z } from "zod";
import { Int, JsonValue } from "./common.js";
import { ApprovalsReviewer, AskForApproval, ReasoningEffort, ReasoningSummary, SandboxMode } from "./policy.js";
import { named } from "./schema-meta.js";

export const ConfigReadParams = named(
  "ConfigReadParams",
  z.object({
    includeLayers: z.boolean().optional(),
    /** Accepted for compatibility; this server has no project config layers. */
    cwd: z.string().nullish(),
  }),
);
export type ConfigReadParams = z.infer<typeof ConfigReadParams>;

export const ConfigLayerSource = named(
  "ConfigLayerSource",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("packagedDefaults"), file: z.string() }),
    z.object({ type: z.literal("mdm"), domain: z.string(), key: z.string() }),
    z.object({ type: z.literal("system"), file: z.string() }),
    z.object({ type: z.literal("enterpriseManaged"), id: z.string(), name: z.string() }),
    z.object({ type: z.literal("user"), file: z.string(), profile: z.string().nullish() }),
    z.object({ type: z.literal("project"), dotCodexFolder: z.string() }),
    z.object({ type: z.literal("sessionFlags") }),
    z.object({ type: z.literal("legacyManagedConfigTomlFromFile"), file: z.string() }),
    z.object({ type: z.literal("legacyManagedConfigTomlFromMdm") }),
  ]),
);

export const ConfigLayerMetadata = named(
  "ConfigLayerMetadata",
  z.object({ name: ConfigLayerSource, version: z.string() }),
);

export const ConfigLayer = named(
  "ConfigLayer",
  z.object({
    name: ConfigLayerSource,
    version: z.string(),
    config: JsonValue,
    /** Omitted for enabled layers (as the reference does). */
    disabledReason: z.string().nullish(),
  }),
);

export const AnalyticsConfig = named(
  "AnalyticsConfig",
  z.object({ enabled: z.boolean().nullish() }).passthrough(),
);
export const SandboxWorkspaceWrite = named(
  "SandboxWorkspaceWrite",
  z.object({
    writable_roots: z.array(z.string()).optional(),
    network_access: z.boolean().optional(),
    exclude_tmpdir_env_var: z.boolean().optional(),
    exclude_slash_tmp: z.boolean().optional(),
  }),
);
export const Verbosity = named("Verbosity", z.enum(["low", "medium", "high"]));
export const WebSearchMode = named("WebSearchMode", z.enum(["disabled", "cached", "indexed", "live"]));
export const WebSearchProvider = named("WebSearchProvider", z.enum(["standalone", "search_mcp"]));
export const ForcedLoginMethod = named("ForcedLoginMethod", z.enum(["chatgpt", "api"]));
export const ForcedChatgptWorkspaceIds = named(
  "ForcedChatgptWorkspaceIds",
  z.union([z.string(), z.array(z.string())]),
);
export const AutoCompactTokenLimitScope = named(
  "AutoCompactTokenLimitScope",
  z.enum(["total", "body_after_prefix"]),
);

const JsonObject = z.record(JsonValue);

/**
 * The effective configuration, snake_case keys mirroring config.toml. The
 * reference types these keys; every other key of the file is passed through.
 */
export const Config = named(
  "Config",
  z
    .object({
      model: z.string().nullable(),
      review_model: z.string().nullable(),
      model_context_window: Int.nullable(),
      model_auto_compact_token_limit: Int.nullable(),
      model_auto_compact_token_limit_scope: AutoCompactTokenLimitScope.nullable(),
      model_provider: z.string().nullable(),
      approval_policy: AskForApproval.nullable(),
      approvals_reviewer: ApprovalsReviewer.nullable(),
      sandbox_mode: SandboxMode.nullable(),
      sandbox_workspace_write: SandboxWorkspaceWrite.nullable(),
      forced_chatgpt_workspace_id: ForcedChatgptWorkspaceIds.nullable(),
      forced_login_method: ForcedLoginMethod.nullable(),
      web_search: WebSearchMode.nullable(),
      client_search_provider: WebSearchProvider.nullable(),
      tools: JsonObject.nullable(),
      instructions: z.string().nullable(),
      developer_instructions: z.string().nullable(),
      compact_prompt: z.string().nullable(),
      model_reasoning_effort: ReasoningEffort.nullable(),
      model_reasoning_summary: ReasoningSummary.nullable(),
      model_verbosity: Verbosity.nullable(),
      service_tier: z.string().nullable(),
      analytics: AnalyticsConfig.nullable(),
      apps: JsonObject.nullable(),
      browser_use: JsonObject.nullable(),
      computer_use: JsonObject.nullable(),
      desktop: JsonObject.nullable(),
    })
    .passthrough(),
);

export const ConfigReadResponse = named(
  "ConfigReadResponse",
  z.object({
    config: Config,
    origins: z.record(ConfigLayerMetadata),
    /** Only with `includeLayers` (the reference omits the key otherwise); highest precedence first. */
    layers: z.array(ConfigLayer).nullish(),
  }),
);
export type ConfigReadResponse = z.infer<typeof ConfigReadResponse>;

/** Managed requirements (requirements.toml / MDM); this server has none, so it always answers `null`. */
export const ConfigRequirements = named(
  "ConfigRequirements",
  z
    .object({
      allowedApprovalPolicies: z.array(AskForApproval).nullish(),
      allowedSandboxModes: z.array(SandboxMode).nullish(),
      allowedWebSearchModes: z.array(WebSearchMode).nullish(),
      allowedApprovalsReviewers: z.array(ApprovalsReviewer).nullish(),
      allowedLoginMethods: z.array(ForcedLoginMethod).nullish(),
      chatgptBaseUrl: z.string().nullish(),
      modelProvider: z.string().nullish(),
      modelProviders: JsonObject.nullish(),
      featureRequirements: z.record(z.boolean()).nullish(),
    })
    .passthrough(),
);

export const ConfigRequirementsReadResponse = named(
  "ConfigRequirementsReadResponse",
  z.object({
    requirements: ConfigRequirements.nullable(),
    supportsIndependentSpeedModes: z.boolean().nullable(),
  }),
);

export const MergeStrategy = named("MergeStrategy", z.enum(["replace", "upsert"]));
export const WriteStatus = named("WriteStatus", z.enum(["ok", "okOverridden"]));

export const ConfigValueWriteParams = named(
  "ConfigValueWriteParams",
  z.object({
    keyPath: z.string(),
    value: JsonValue,
    mergeStrategy: MergeStrategy,
    filePath: z.string().nullish(),
    expectedVersion: z.string().nullish(),
  }),
);

export const ConfigEdit = named(
  "ConfigEdit",
  z.object({ keyPath: z.string(), value: JsonValue, mergeStrategy: MergeStrategy }),
);

export const ConfigBatchWriteParams = named(
  "ConfigBatchWriteParams",
  z.object({
    edits: z.array(ConfigEdit),
    filePath: z.string().nullish(),
    expectedVersion: z.string().nullish(),
    reloadUserConfig: z.boolean().optional(),
  }),
);

export const OverriddenMetadata = named(
  "OverriddenMetadata",
  z.object({ message: z.string(), overridingLayer: ConfigLayerMetadata, effectiveValue: JsonValue }),
);

export const ConfigWriteResponse = named(
  "ConfigWriteResponse",
  z.object({
    status: WriteStatus,
    version: z.string(),
    filePath: z.string(),
    overriddenMetadata: OverriddenMetadata.nullish(),
  }),
);
export type ConfigWriteResponse = z.infer<typeof ConfigWriteResponse>;
