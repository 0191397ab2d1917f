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
