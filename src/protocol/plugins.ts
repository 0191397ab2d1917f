/**
 * Plugins and plugin marketplaces: plugin/list, plugin/read, plugin/install,
 * plugin/uninstall, plugin/installed, plugin/reconcile, plugin/skill/read,
 * plugin/search (experimental), plugin/share/*, marketplace/add|remove|upgrade.
 */
import { z } from "zod";
import { HookEventName, SkillInterface } from "./extensions.js";
import { AbsolutePathBuf } from "./fs.js";
import { named } from "./schema-meta.js";

// Shared shapes -------------------------------------------------------------

export const PluginAuthPolicy = named("PluginAuthPolicy", z.enum(["ON_INSTALL", "ON_USE"]));
export type PluginAuthPolicy = z.infer<typeof PluginAuthPolicy>;
export const PluginInstallPolicy = named("PluginInstallPolicy", z.enum(["NOT_AVAILABLE", "AVAILABLE", "INSTALLED_BY_DEFAULT"]));
export type PluginInstallPolicy = z.infer<typeof PluginInstallPolicy>;
export const PluginInstallPolicySource = named("PluginInstallPolicySource", z.enum(["WORKSPACE_SETTING", "IMPLICIT_CANONICAL_APP"]));
export const PluginAvailability = named("PluginAvailability", z.enum(["DISABLED_BY_ADMIN", "AVAILABLE"]));
export const PluginDisabledReason = named(
  "PluginDisabledReason",
  z.enum(["disabled_by_admin", "plan_not_eligible", "required_app_unavailable", "unknown"]),
);
export const PluginShareDiscoverability = named("PluginShareDiscoverability", z.enum(["LISTED", "UNLISTED", "PRIVATE"]));
export const PluginShareUpdateDiscoverability = named("PluginShareUpdateDiscoverability", z.enum(["UNLISTED", "PRIVATE", "LISTED"]));
export const PluginSharePrincipalType = named("PluginSharePrincipalType", z.enum(["user", "group", "workspace"]));
export const PluginSharePrincipalRole = named("PluginSharePrincipalRole", z.enum(["reader", "editor", "owner"]));
export const PluginShareTargetRole = named("PluginShareTargetRole", z.enum(["reader", "editor"]));

export const PluginSharePrincipal = named(
  "PluginSharePrincipal",
  z.object({ principalType: PluginSharePrincipalType, principalId: z.string(), role: PluginSharePrincipalRole, name: z.string() }),
);

export const PluginShareTarget = named(
  "PluginShareTarget",
  z.object({ principalType: PluginSharePrincipalType, principalId: z.string(), role: PluginShareTargetRole }),
);

export const PluginShareContext = named(
  "PluginShareContext",
  z.object({
    remotePluginId: z.string(),
    remoteVersion: z.string().nullish(),
    shareUrl: z.string().nullish(),
    creatorAccountUserId: z.string().nullish(),
    creatorName: z.string().nullish(),
    discoverability: PluginShareDiscoverability.nullish(),
    sharePrincipals: z.array(PluginSharePrincipal).nullish(),
    canPublishToWorkspace: z.boolean().nullish(),
  }),
);

export const PluginSource = named(
  "PluginSource",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("local"), path: AbsolutePathBuf }),
    z.object({ type: z.literal("git"), url: z.string(), path: z.string().nullish(), refName: z.string().nullish(), sha: z.string().nullish() }),
    z.object({ type: z.literal("npm"), package: z.string(), version: z.string().nullish(), registry: z.string().nullish() }),
    z.object({ type: z.literal("remote") }),
  ]),
);
export type PluginSource = z.infer<typeof PluginSource>;

export const PluginInterface = named(
  "PluginInterface",
  z.object({
    displayName: z.string().nullable(),
    shortDescription: z.string().nullable(),
    longDescription: z.string().nullable(),
    developerName: z.string().nullable(),
    category: z.string().nullable(),
    capabilities: z.array(z.string()),
    websiteUrl: z.string().nullable(),
    privacyPolicyUrl: z.string().nullable(),
    termsOfServiceUrl: z.string().nullable(),
    defaultPrompt: z.array(z.string()).nullable(),
    brandColor: z.string().nullable(),
    composerIcon: AbsolutePathBuf.nullable(),
    composerIconUrl: z.string().nullable(),
    logo: AbsolutePathBuf.nullable(),
    logoDark: AbsolutePathBuf.nullable(),
    logoUrl: z.string().nullable(),
    logoUrlDark: z.string().nullable(),
    screenshots: z.array(AbsolutePathBuf),
    screenshotUrls: z.array(z.string()),
  }),
);
export type PluginInterface = z.infer<typeof PluginInterface>;

export const PluginSummary = named(
  "PluginSummary",
  z.object({
    id: z.string(),
    remotePluginId: z.string().nullable(),
    version: z.string().nullable(),
    localVersion: z.string().nullable(),
    name: z.string(),
    shareContext: PluginShareContext.nullable(),
    source: PluginSource,
    installed: z.boolean(),
    installedAt: z.number().int().nullable(),
    enabled: z.boolean(),
    installPolicy: PluginInstallPolicy,
    installPolicySource: PluginInstallPolicySource.nullable(),
    mustShowInstallationInterstitial: z.boolean().nullable(),
    authPolicy: PluginAuthPolicy,
    availability: PluginAvailability,
    disabledReason: PluginDisabledReason.nullable(),
    eligiblePlanTypes: z.array(z.string()).nullable(),
    interface: PluginInterface.nullable(),
    keywords: z.array(z.string()),
  }),
);
export type PluginSummary = z.infer<typeof PluginSummary>;

export const MarketplaceInterface = named("MarketplaceInterface", z.object({ displayName: z.string().nullable() }));

export const PluginMarketplaceEntry = named(
  "PluginMarketplaceEntry",
  z.object({
    name: z.string(),
    path: AbsolutePathBuf.nullable(),
    interface: MarketplaceInterface.nullable(),
    plugins: z.array(PluginSummary),
  }),
);
export type PluginMarketplaceEntry = z.infer<typeof PluginMarketplaceEntry>;

export const MarketplaceLoadErrorInfo = named(
  "MarketplaceLoadErrorInfo",
  z.object({ marketplacePath: AbsolutePathBuf, message: z.string() }),
);
export type MarketplaceLoadErrorInfo = z.infer<typeof MarketplaceLoadErrorInfo>;

export const LegacyAppPathString = named("LegacyAppPathString", z.string());

export const SkillSummary = named(
  "SkillSummary",
  z.object({
    name: z.string(),
    description: z.string(),
    shortDescription: z.string().nullable(),
    interface: SkillInterface.nullable(),
    path: LegacyAppPathString.nullable(),
    enabled: z.boolean(),
  }),
);
export type SkillSummary = z.infer<typeof SkillSummary>;

export const AppSummary = named(
  "AppSummary",
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    installUrl: z.string().nullish(),
    category: z.string().nullish(),
  }),
);

export const AppTemplateSummary = named(
  "AppTemplateSummary",
  z.object({ templateId: z.string(), name: z.string(), materializedAppIds: z.array(z.string()) }).passthrough(),
);
export const ScheduledTaskSummary = named(
  "ScheduledTaskSummary",
  z.object({ key: z.string(), name: z.string(), prompt: z.string(), schedule: z.record(z.unknown()) }),
);
export const PluginHookSummary = named("PluginHookSummary", z.object({ key: z.string(), eventName: HookEventName }));

export const PluginDetail = named(
  "PluginDetail",
  z.object({
    marketplaceName: z.string(),
    marketplacePath: AbsolutePathBuf.nullable(),
    summary: PluginSummary,
    shareUrl: z.string().nullable(),
    description: z.string().nullable(),
    skills: z.array(SkillSummary),
    onboardingSkill: SkillSummary.nullable(),
    hooks: z.array(PluginHookSummary),
    apps: z.array(AppSummary),
    appTemplates: z.array(AppTemplateSummary),
    mcpServers: z.array(z.string()),
    scheduledTasks: z.array(ScheduledTaskSummary).nullable(),
  }),
);
export type PluginDetail = z.infer<typeof PluginDetail>;

// plugin/list, plugin/installed, plugin/search ------------------------------

export const PluginListMarketplaceKind = named(
  "PluginListMarketplaceKind",
  z.enum(["local", "vertical", "workspace-directory", "shared-with-me", "created-by-me-remote"]),
);

export const PluginListParams = named(
  "PluginListParams",
  z.object({
    cwds: z.array(AbsolutePathBuf).nullish(),
    marketplaceKinds: z.array(PluginListMarketplaceKind).nullish(),
    forceRefetch: z.boolean().optional(),
  }),
);
export type PluginListParams = z.infer<typeof PluginListParams>;

export const PluginListResponse = named(
  "PluginListResponse",
  z.object({
    marketplaces: z.array(PluginMarketplaceEntry),
    marketplaceLoadErrors: z.array(MarketplaceLoadErrorInfo),
    featuredPluginIds: z.array(z.string()),
  }),
);

export const PluginInstalledParams = named(
  "PluginInstalledParams",
  z.object({
    cwds: z.array(AbsolutePathBuf).nullish(),
    installSuggestionPluginNames: z.array(z.string()).nullish(),
  }),
);

export const PluginInstalledResponse = named(
  "PluginInstalledResponse",
  z.object({
    marketplaces: z.array(PluginMarketplaceEntry),
    marketplaceLoadErrors: z.array(MarketplaceLoadErrorInfo),
  }),
);

export const PluginSearchScope = named("PluginSearchScope", z.enum(["global", "workspace", "personal"]));

export const PluginSearchParams = named(
  "PluginSearchParams",
  z.object({
    searchTerm: z.string(),
    cwds: z.array(AbsolutePathBuf).nullish(),
    scope: PluginSearchScope.nullish(),
    cursor: z.string().nullish(),
    limit: z.number().int().nonnegative().nullish(),
  }),
);

export const PluginSearchResult = named(
  "PluginSearchResult",
  z.object({ plugin: PluginSummary, marketplaceName: z.string(), marketplacePath: AbsolutePathBuf.nullable() }),
);

export const PluginSearchResponse = named(
  "PluginSearchResponse",
  z.object({ data: z.array(PluginSearchResult), nextCursor: z.string().nullable() }),
);

// plugin/read, plugin/install, plugin/uninstall -------------------------------

export const PluginReadParams = named(
  "PluginReadParams",
  z.object({ pluginName: z.string(), marketplacePath: AbsolutePathBuf.nullish(), remoteMarketplaceName: z.string().nullish() }),
);
export const PluginReadResponse = named("PluginReadResponse", z.object({ plugin: PluginDetail }));

export const PluginInstallParams = named(
  "PluginInstallParams",
  z.object({
    pluginName: z.string(),
    marketplacePath: AbsolutePathBuf.nullish(),
    remoteMarketplaceName: z.string().nullish(),
    installAttemptId: z.string().nullish(),
  }),
);
export const PluginInstallResponse = named(
  "PluginInstallResponse",
  z.object({ authPolicy: PluginAuthPolicy, appsNeedingAuth: z.array(AppSummary) }),
);

export const PluginUninstallParams = named("PluginUninstallParams", z.object({ pluginId: z.string() }));
export const PluginUninstallResponse = named("PluginUninstallResponse", z.object({}));

// plugin/skill/read, plugin/reconcile -----------------------------------------

export const PluginSkillReadParams = named(
  "PluginSkillReadParams",
  z.object({ remoteMarketplaceName: z.string(), remotePluginId: z.string(), skillName: z.string() }),
);
export const PluginSkillReadResponse = named("PluginSkillReadResponse", z.object({ contents: z.string().nullish() }));

export const PluginReconcileParams = named("PluginReconcileParams", z.object({ reason: z.string().nullish() }));
export const PluginReconcileChangedPlugin = named(
  "PluginReconcileChangedPlugin",
  z.object({ id: z.string(), hasSkills: z.boolean(), hasMcps: z.boolean(), hasApps: z.boolean(), hasHooks: z.boolean() }),
);
export const PluginReconcileResponse = named(
  "PluginReconcileResponse",
  z.object({
    changedPlugins: z.array(PluginReconcileChangedPlugin),
    failedRemotePluginIds: z.array(z.string()),
    failedMaterializationRemotePluginIds: z.array(z.string()),
  }),
);

// plugin/share/* ----------------------------------------------------------------

export const PluginShareSaveParams = named(
  "PluginShareSaveParams",
  z.object({
    pluginPath: AbsolutePathBuf,
    remotePluginId: z.string().nullish(),
    discoverability: PluginShareDiscoverability.nullish(),
    shareTargets: z.array(PluginShareTarget).nullish(),
  }),
);
export const PluginShareSaveResponse = named(
  "PluginShareSaveResponse",
  z.object({ remotePluginId: z.string(), shareUrl: z.string(), canPublishToWorkspace: z.boolean().nullish() }),
);

export const PluginShareUpdateTargetsParams = named(
  "PluginShareUpdateTargetsParams",
  z.object({ remotePluginId: z.string(), discoverability: PluginShareUpdateDiscoverability, shareTargets: z.array(PluginShareTarget) }),
);
export const PluginShareUpdateTargetsResponse = named(
  "PluginShareUpdateTargetsResponse",
  z.object({ principals: z.array(PluginSharePrincipal), discoverability: PluginShareDiscoverability }),
);

export const PluginShareListParams = named("PluginShareListParams", z.object({}));
export const PluginShareListItem = named(
  "PluginShareListItem",
  z.object({ plugin: PluginSummary, localPluginPath: AbsolutePathBuf.nullish() }),
);
export const PluginShareListResponse = named("PluginShareListResponse", z.object({ data: z.array(PluginShareListItem) }));

export const PluginShareCheckoutParams = named("PluginShareCheckoutParams", z.object({ remotePluginId: z.string() }));
export const PluginShareCheckoutResponse = named(
  "PluginShareCheckoutResponse",
  z.object({
    remotePluginId: z.string(),
    pluginId: z.string(),
    pluginName: z.string(),
    pluginPath: AbsolutePathBuf,
    marketplaceName: z.string(),
    marketplacePath: AbsolutePathBuf,
    remoteVersion: z.string().nullish(),
  }),
);

export const PluginShareDeleteParams = named("PluginShareDeleteParams", z.object({ remotePluginId: z.string() }));
export const PluginShareDeleteResponse = named("PluginShareDeleteResponse", z.object({}));

// marketplace/add, marketplace/remove, marketplace/upgrade -------------------------

export const MarketplaceAddParams = named(
  "MarketplaceAddParams",
  z.object({ source: z.string(), refName: z.string().nullish(), sparsePaths: z.array(z.string()).nullish() }),
);
export type MarketplaceAddParams = z.infer<typeof MarketplaceAddParams>;
export const MarketplaceAddResponse = named(
  "MarketplaceAddResponse",
  z.object({ marketplaceName: z.string(), installedRoot: AbsolutePathBuf, alreadyAdded: z.boolean() }),
);

export const MarketplaceRemoveParams = named("MarketplaceRemoveParams", z.object({ marketplaceName: z.string() }));
export const MarketplaceRemoveResponse = named(
  "MarketplaceRemoveResponse",
  z.object({ marketplaceName: z.string(), installedRoot: AbsolutePathBuf.nullable() }),
);

export const MarketplaceUpgradeParams = named("MarketplaceUpgradeParams", z.object({ marketplaceName: z.string().nullish() }));
export const MarketplaceUpgradeErrorInfo = named(
  "MarketplaceUpgradeErrorInfo",
  z.object({ marketplaceName: z.string(), message: z.string() }),
);
export const MarketplaceUpgradeResponse = named(
  "MarketplaceUpgradeResponse",
  z.object({
    selectedMarketplaces: z.array(z.string()),
    upgradedRoots: z.array(AbsolutePathBuf),
    errors: z.array(MarketplaceUpgradeErrorInfo),
  }),
);
