import { z } from "zod";
import { Int, JsonValue } from "./common.js";
import { experimental, named } from "./schema-meta.js";

/** Account, login, rate-limit and reset-credit wire types (reference type names). */

export const PLAN_TYPES = [
  "free",
  "go",
  "plus",
  "pro",
  "prolite",
  "promax",
  "team",
  "self_serve_business_prolite",
  "self_serve_business_usage_based",
  "business",
  "ent26",
  "enterprise_cbp_automation",
  "enterprise_cbp_usage_based",
  "enterprise",
  "edu",
  "edu_plus",
  "edu_pro",
  "sci",
  "sci_plus",
  "unknown",
] as const;
export const PlanType = named("PlanType", z.enum(PLAN_TYPES));
export type PlanType = z.infer<typeof PlanType>;

export const AuthMode = named(
  "AuthMode",
  z.enum([
    "apikey",
    "chatgpt",
    "chatgptAuthTokens",
    "headers",
    "agentIdentity",
    "personalAccessToken",
    "bedrockApiKey",
    "bedrockAccessKeys",
  ]),
);
export type AuthMode = z.infer<typeof AuthMode>;

// ---------------------------------------------------------------------------
// account/read

export const GetAccountParams = named("GetAccountParams", z.object({ refreshToken: z.boolean().optional() }));
export type GetAccountParams = z.infer<typeof GetAccountParams>;

export const Account = named(
  "Account",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("apiKey") }),
    z.object({
      type: z.literal("chatgpt"),
      email: z.string().nullable(),
      planType: PlanType,
      workspaceName: z.string().nullish(),
    }),
    z.object({ type: z.literal("amazonBedrock"), usesCodexManagedCredentials: z.boolean().optional() }),
    z.object({ type: z.literal("gcp") }),
  ]),
);
export type Account = z.infer<typeof Account>;

export const AccountRoutingOverride = named("AccountRoutingOverride", z.enum(["NO_CONSTRAINT", "us", "us_cr"]));
export type AccountRoutingOverride = z.infer<typeof AccountRoutingOverride>;

export const WorkspaceRouting = named(
  "WorkspaceRouting",
  z.object({
    chatgptAccountId: z.string(),
    backendOrigin: z.string(),
    accountRoutingOverride: AccountRoutingOverride,
  }),
);
export type WorkspaceRouting = z.infer<typeof WorkspaceRouting>;

export const GetAccountResponse = named(
  "GetAccountResponse",
  z.object({
    account: Account.nullable(),
    userId: z.string().nullable(),
    requiresOpenaiAuth: z.boolean(),
    workspaceRouting: experimental(WorkspaceRouting.nullish()),
  }),
);
export type GetAccountResponse = z.infer<typeof GetAccountResponse>;

// ---------------------------------------------------------------------------
// account/login/start, account/login/cancel, account/logout

export const LoginAppBrand = named("LoginAppBrand", z.enum(["codex", "chatgpt"]));

export const LoginAccountParams = named(
  "LoginAccountParams",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("apiKey"), apiKey: z.string() }),
    z.object({
      type: z.literal("chatgpt"),
      codexStreamlinedLogin: z.boolean().optional(),
      useHostedLoginSuccessPage: z.boolean().optional(),
      appBrand: LoginAppBrand.nullish(),
    }),
    z.object({ type: z.literal("chatgptDeviceCode") }),
    z.object({
      type: z.literal("chatgptAuthTokens"),
      accessToken: z.string(),
      chatgptAccountId: z.string(),
      chatgptPlanType: z.string().nullish(),
    }),
    z.object({ type: z.literal("amazonBedrock"), apiKey: z.string(), region: z.string() }),
    z.object({
      type: z.literal("amazonBedrockAccessKeys"),
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
      sessionToken: z.string().nullish(),
      region: z.string(),
    }),
  ]),
);
export type LoginAccountParams = z.infer<typeof LoginAccountParams>;

export const LoginAccountResponse = named(
  "LoginAccountResponse",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("apiKey") }),
    z.object({ type: z.literal("chatgpt"), loginId: z.string(), authUrl: z.string() }),
    z.object({
      type: z.literal("chatgptDeviceCode"),
      loginId: z.string(),
      verificationUrl: z.string(),
      userCode: z.string(),
    }),
    z.object({ type: z.literal("chatgptAuthTokens") }),
    z.object({ type: z.literal("amazonBedrock") }),
  ]),
);
export type LoginAccountResponse = z.infer<typeof LoginAccountResponse>;

export const CancelLoginAccountParams = named("CancelLoginAccountParams", z.object({ loginId: z.string() }));
export const CancelLoginAccountStatus = named("CancelLoginAccountStatus", z.enum(["canceled", "notFound"]));
export const CancelLoginAccountResponse = named(
  "CancelLoginAccountResponse",
  z.object({ status: CancelLoginAccountStatus }),
);

export const LogoutAccountResponse = named("LogoutAccountResponse", z.object({}));

export const DesktopOnboardingEntrypoint = named("DesktopOnboardingEntrypoint", z.enum(["life_sciences"]));

export const AccountLoginCompletedNotification = named(
  "AccountLoginCompletedNotification",
  z.object({
    loginId: z.string().nullable(),
    success: z.boolean(),
    error: z.string().nullable(),
    onboardingEntrypoint: DesktopOnboardingEntrypoint.nullable(),
  }),
);
export type AccountLoginCompletedNotification = z.infer<typeof AccountLoginCompletedNotification>;

export const AccountUpdatedNotification = named(
  "AccountUpdatedNotification",
  z.object({ authMode: AuthMode.nullable(), planType: PlanType.nullable() }),
);
export type AccountUpdatedNotification = z.infer<typeof AccountUpdatedNotification>;

// ---------------------------------------------------------------------------
// account/chatgptAuthTokens/refresh (server → client request)

export const ChatgptAuthTokensRefreshReason = named("ChatgptAuthTokensRefreshReason", z.enum(["unauthorized"]));

export const ChatgptAuthTokensRefreshParams = named(
  "ChatgptAuthTokensRefreshParams",
  z.object({ reason: ChatgptAuthTokensRefreshReason, previousAccountId: z.string().nullable() }),
);
export type ChatgptAuthTokensRefreshParams = z.infer<typeof ChatgptAuthTokensRefreshParams>;

export const ChatgptAuthTokensRefreshResponse = named(
  "ChatgptAuthTokensRefreshResponse",
  z.object({
    accessToken: z.string(),
    chatgptAccountId: z.string(),
    chatgptPlanType: z.string().nullish(),
  }),
);
export type ChatgptAuthTokensRefreshResponse = z.infer<typeof ChatgptAuthTokensRefreshResponse>;

// ---------------------------------------------------------------------------
// account/rateLimits/read and account/rateLimits/updated

export const RateLimitWindow = named(
  "RateLimitWindow",
  z.object({ usedPercent: Int, windowDurationMins: Int.nullable(), resetsAt: Int.nullable() }),
);
export type RateLimitWindow = z.infer<typeof RateLimitWindow>;

export const CreditsSnapshot = named(
  "CreditsSnapshot",
  z.object({ hasCredits: z.boolean(), unlimited: z.boolean(), balance: z.string().nullable() }),
);
export type CreditsSnapshot = z.infer<typeof CreditsSnapshot>;

export const SpendControlLimitSnapshot = named(
  "SpendControlLimitSnapshot",
  z.object({ limit: z.string(), used: z.string(), remainingPercent: Int, resetsAt: Int }),
);
export type SpendControlLimitSnapshot = z.infer<typeof SpendControlLimitSnapshot>;

export const RATE_LIMIT_REACHED_TYPES = [
  "rate_limit_reached",
  "workspace_owner_credits_depleted",
  "workspace_member_credits_depleted",
  "workspace_owner_usage_limit_reached",
  "workspace_member_usage_limit_reached",
] as const;
export const RateLimitReachedType = named("RateLimitReachedType", z.enum(RATE_LIMIT_REACHED_TYPES));
export type RateLimitReachedType = z.infer<typeof RateLimitReachedType>;

export const RateLimitSnapshot = named(
  "RateLimitSnapshot",
  z.object({
    limitId: z.string().nullable(),
    limitName: z.string().nullable(),
    normalModelSlug: z.string().nullable(),
    primary: RateLimitWindow.nullable(),
    secondary: RateLimitWindow.nullable(),
    credits: CreditsSnapshot.nullable(),
    individualLimit: SpendControlLimitSnapshot.nullable(),
    spendControlReached: z.boolean().nullable(),
    planType: PlanType.nullable(),
    rateLimitReachedType: RateLimitReachedType.nullable(),
  }),
);
export type RateLimitSnapshot = z.infer<typeof RateLimitSnapshot>;

export const RateLimitResetType = named("RateLimitResetType", z.enum(["codexRateLimits", "unknown"]));
export const RateLimitResetCreditStatus = named(
  "RateLimitResetCreditStatus",
  z.enum(["available", "redeeming", "redeemed", "unknown"]),
);

export const RateLimitResetCredit = named(
  "RateLimitResetCredit",
  z.object({
    id: z.string(),
    resetType: RateLimitResetType,
    status: RateLimitResetCreditStatus,
    grantedAt: Int,
    expiresAt: Int.nullable(),
    title: z.string().nullable(),
    description: z.string().nullable(),
  }),
);
export type RateLimitResetCredit = z.infer<typeof RateLimitResetCredit>;

export const RateLimitResetCreditsSummary = named(
  "RateLimitResetCreditsSummary",
  z.object({ availableCount: Int, credits: z.array(RateLimitResetCredit).nullable() }),
);
export type RateLimitResetCreditsSummary = z.infer<typeof RateLimitResetCreditsSummary>;

export const GetAccountRateLimitsParams = named(
  "GetAccountRateLimitsParams",
  z.object({
    supportsLunaReserve: z.boolean().optional(),
    excludeResetCreditDetails: z.boolean().optional(),
  }),
);
export type GetAccountRateLimitsParams = z.infer<typeof GetAccountRateLimitsParams>;

export const GetAccountRateLimitsResponse = named(
  "GetAccountRateLimitsResponse",
  z.object({
    rateLimits: RateLimitSnapshot,
    rateLimitsByLimitId: z.record(RateLimitSnapshot).nullable(),
    ordinaryUsageAllowed: z.boolean().nullable(),
    rateLimitResetCredits: RateLimitResetCreditsSummary.nullable(),
    accountId: z.string().nullable(),
    rateLimitUpsell: JsonValue.nullable(),
  }),
);
export type GetAccountRateLimitsResponse = z.infer<typeof GetAccountRateLimitsResponse>;

export const AccountRateLimitsUpdatedNotification = named(
  "AccountRateLimitsUpdatedNotification",
  z.object({ rateLimits: RateLimitSnapshot }),
);
export type AccountRateLimitsUpdatedNotification = z.infer<typeof AccountRateLimitsUpdatedNotification>;

// ---------------------------------------------------------------------------
// account/rateLimitResetCredit/consume

export const ConsumeAccountRateLimitResetCreditParams = named(
  "ConsumeAccountRateLimitResetCreditParams",
  z.object({ idempotencyKey: z.string(), creditId: z.string().nullish() }),
);
export type ConsumeAccountRateLimitResetCreditParams = z.infer<typeof ConsumeAccountRateLimitResetCreditParams>;

export const ConsumeAccountRateLimitResetCreditOutcome = named(
  "ConsumeAccountRateLimitResetCreditOutcome",
  z.enum(["reset", "nothingToReset", "noCredit", "alreadyRedeemed"]),
);
export type ConsumeAccountRateLimitResetCreditOutcome = z.infer<typeof ConsumeAccountRateLimitResetCreditOutcome>;

export const ConsumeAccountRateLimitResetCreditResponse = named(
  "ConsumeAccountRateLimitResetCreditResponse",
  z.object({ outcome: ConsumeAccountRateLimitResetCreditOutcome }),
);

// ---------------------------------------------------------------------------
// account/usage/read

export const GetAccountTokenUsageParams = named(
  "GetAccountTokenUsageParams",
  z.object({ threadId: z.string().nullish() }),
);
export type GetAccountTokenUsageParams = z.infer<typeof GetAccountTokenUsageParams>;

export const AccountTokenUsageSummary = named(
  "AccountTokenUsageSummary",
  z.object({
    lifetimeTokens: Int.nullish(),
    peakDailyTokens: Int.nullish(),
    longestRunningTurnSec: Int.nullish(),
    currentStreakDays: Int.nullish(),
    longestStreakDays: Int.nullish(),
  }),
);
export type AccountTokenUsageSummary = z.infer<typeof AccountTokenUsageSummary>;

export const AccountTokenUsageDailyBucket = named(
  "AccountTokenUsageDailyBucket",
  z.object({ startDate: z.string(), tokens: Int }),
);

export const ThreadUsageBreakdownGroup = named(
  "ThreadUsageBreakdownGroup",
  z.object({
    model: z.string().nullish(),
    reasoningEffort: z.string().nullish(),
    speed: z.string().nullish(),
    estimatedUsageCreditsMicros: Int,
    netNewInputTokens: Int.nullish(),
    cachedInputTokens: Int.nullish(),
    inputTokens: Int.nullish(),
    outputTokens: Int.nullish(),
    totalTokens: Int.nullish(),
  }),
);

export const ThreadUsage = named(
  "ThreadUsage",
  z.object({
    threadId: z.string(),
    estimatedUsageCreditsMicros: Int,
    estimatedUsageUsdMicros: Int.nullish(),
    nativeUsageUsdMicros: Int.nullish(),
    groups: z.array(ThreadUsageBreakdownGroup),
  }),
);
export type ThreadUsage = z.infer<typeof ThreadUsage>;

export const GetAccountTokenUsageResponse = named(
  "GetAccountTokenUsageResponse",
  z.object({
    summary: AccountTokenUsageSummary,
    dailyUsageBuckets: z.array(AccountTokenUsageDailyBucket).nullish(),
    threadUsage: ThreadUsage.nullish(),
  }),
);
export type GetAccountTokenUsageResponse = z.infer<typeof GetAccountTokenUsageResponse>;

// ---------------------------------------------------------------------------
// account/workspaceMessages/read

export const WorkspaceMessageType = named("WorkspaceMessageType", z.enum(["headline", "announcement", "unknown"]));

export const WorkspaceMessage = named(
  "WorkspaceMessage",
  z.object({
    messageId: z.string(),
    messageType: WorkspaceMessageType,
    messageBody: z.string(),
    createdAt: Int.nullish(),
    archivedAt: Int.nullish(),
  }),
);
export type WorkspaceMessage = z.infer<typeof WorkspaceMessage>;

export const GetWorkspaceMessagesResponse = named(
  "GetWorkspaceMessagesResponse",
  z.object({ featureEnabled: z.boolean(), messages: z.array(WorkspaceMessage) }),
);
export type GetWorkspaceMessagesResponse = z.infer<typeof GetWorkspaceMessagesResponse>;

// ---------------------------------------------------------------------------
// account/securitySetup/read

export const AccountSecuritySetupAction = named(
  "AccountSecuritySetupAction",
  z.object({ label: z.string(), url: z.string() }),
);

export const AccountSecuritySetupNotice = named(
  "AccountSecuritySetupNotice",
  z.object({
    accountId: z.string(),
    userId: z.string(),
    title: z.string(),
    description: z.string(),
    action: AccountSecuritySetupAction,
  }),
);
export type AccountSecuritySetupNotice = z.infer<typeof AccountSecuritySetupNotice>;

export const GetAccountSecuritySetupResponse = named(
  "GetAccountSecuritySetupResponse",
  z.object({ notice: AccountSecuritySetupNotice.nullish() }),
);
export type GetAccountSecuritySetupResponse = z.infer<typeof GetAccountSecuritySetupResponse>;

// ---------------------------------------------------------------------------
// account/sendAddCreditsNudgeEmail

export const AddCreditsNudgeCreditType = named("AddCreditsNudgeCreditType", z.enum(["credits", "usage_limit"]));
export type AddCreditsNudgeCreditType = z.infer<typeof AddCreditsNudgeCreditType>;

export const SendAddCreditsNudgeEmailParams = named(
  "SendAddCreditsNudgeEmailParams",
  z.object({ creditType: AddCreditsNudgeCreditType }),
);
export type SendAddCreditsNudgeEmailParams = z.infer<typeof SendAddCreditsNudgeEmailParams>;

export const AddCreditsNudgeEmailStatus = named("AddCreditsNudgeEmailStatus", z.enum(["sent", "cooldown_active"]));

export const SendAddCreditsNudgeEmailResponse = named(
  "SendAddCreditsNudgeEmailResponse",
  z.object({ status: AddCreditsNudgeEmailStatus }),
);
export type SendAddCreditsNudgeEmailResponse = z.infer<typeof SendAddCreditsNudgeEmailResponse>;

// ---------------------------------------------------------------------------
// accountSession/list and accountSession/switch (experimental)

export const AccountSessionsListParams = named(
  "AccountSessionsListParams",
  z.object({ refreshWorkspaceMetadata: z.boolean().optional() }),
);
export type AccountSessionsListParams = z.infer<typeof AccountSessionsListParams>;

export const AccountSessionsSwitchParams = named(
  "AccountSessionsSwitchParams",
  z.object({ sessionId: z.string(), accountId: z.string(), allowBrowserLogin: z.boolean().optional() }),
);
export type AccountSessionsSwitchParams = z.infer<typeof AccountSessionsSwitchParams>;

export const AccountSessionWorkspaceKind = named("AccountSessionWorkspaceKind", z.enum(["personal", "workspace"]));

export const AccountSessionWorkspace = named(
  "AccountSessionWorkspace",
  z.object({
    accountId: z.string(),
    name: z.string().nullish(),
    imageUrl: z.string().nullish(),
    kind: AccountSessionWorkspaceKind.nullish(),
  }),
);
export type AccountSessionWorkspace = z.infer<typeof AccountSessionWorkspace>;

export const AccountSession = named(
  "AccountSession",
  z.object({
    sessionId: z.string(),
    email: z.string().nullish(),
    userId: z.string().nullish(),
    displayName: z.string().nullish(),
    imageUrl: z.string().nullish(),
    lastUsedAt: Int,
    isActive: z.boolean(),
    selectedWorkspaceAccountId: z.string().nullish(),
    workspaces: z.array(AccountSessionWorkspace),
  }),
);
export type AccountSession = z.infer<typeof AccountSession>;

export const AccountSessionsResponse = named(
  "AccountSessionsResponse",
  z.object({ activeSessionId: z.string().nullish(), sessions: z.array(AccountSession) }),
);
export type AccountSessionsResponse = z.infer<typeof AccountSessionsResponse>;

/** The reference's switch answers either the refreshed sessions or a browser login to complete. */
export const AccountSessionsSwitchResponse = named(
  "AccountSessionsSwitchResponse",
  z.union([AccountSessionsResponse, z.object({ auth_url: z.string(), login_id: z.string() })]),
);
export type AccountSessionsSwitchResponse = z.infer<typeof AccountSessionsSwitchResponse>;
