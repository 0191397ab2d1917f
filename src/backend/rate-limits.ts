import type {
  CreditsSnapshot,
  GetAccountRateLimitsResponse,
  RateLimitReachedType,
  RateLimitResetCredit,
  RateLimitResetCreditsSummary,
  RateLimitSnapshot,
  RateLimitWindow,
  SpendControlLimitSnapshot,
} from "../protocol/account.js";
import { RATE_LIMIT_REACHED_TYPES } from "../protocol/account.js";
import { mapPlanType } from "../auth/plan.js";
import type { JsonValue } from "../protocol/common.js";
import type { ResetCreditList, UsagePayload, UsageRateLimit, UsageWindow } from "./payloads.js";

/**
 * Pure mapping of the backend's usage and reset-credit payloads to the
 * protocol's `GetAccountRateLimitsResponse` (backend.md §3).
 */

/** `ceil(limit_window_seconds / 60)` when positive, else null; `reset_after_seconds` is ignored. */
export function mapWindow(window: UsageWindow): RateLimitWindow {
  return {
    usedPercent: window.used_percent,
    windowDurationMins: window.limit_window_seconds > 0 ? Math.ceil(window.limit_window_seconds / 60) : null,
    resetsAt: window.reset_at,
  };
}

const REACHED_TYPES: ReadonlySet<string> = new Set(RATE_LIMIT_REACHED_TYPES);

export function mapRateLimitReachedType(raw: string | null | undefined): RateLimitReachedType | null {
  return raw != null && REACHED_TYPES.has(raw) ? (raw as RateLimitReachedType) : null;
}

function windows(rateLimit: UsageRateLimit | null | undefined): Pick<RateLimitSnapshot, "primary" | "secondary"> {
  return {
    primary: rateLimit?.primary_window ? mapWindow(rateLimit.primary_window) : null,
    secondary: rateLimit?.secondary_window ? mapWindow(rateLimit.secondary_window) : null,
  };
}

/** The main `codex` bucket followed by one bucket per additional limit, in payload order. */
export function snapshotsFromUsage(payload: UsagePayload): RateLimitSnapshot[] {
  const planType = mapPlanType(payload.plan_type);
  const credits: CreditsSnapshot | null = payload.credits
    ? { hasCredits: payload.credits.has_credits, unlimited: payload.credits.unlimited, balance: payload.credits.balance ?? null }
    : null;
  const limit = payload.spend_control?.individual_limit;
  const individualLimit: SpendControlLimitSnapshot | null = limit
    ? { limit: limit.limit, used: limit.used, remainingPercent: limit.remaining_percent, resetsAt: limit.reset_at }
    : null;
  const main: RateLimitSnapshot = {
    limitId: "codex",
    limitName: null,
    normalModelSlug: null,
    ...windows(payload.rate_limit),
    credits,
    individualLimit,
    spendControlReached: payload.spend_control ? payload.spend_control.reached : null,
    planType,
    rateLimitReachedType: mapRateLimitReachedType(payload.rate_limit_reached_type?.type),
  };
  const additional = (payload.additional_rate_limits ?? []).map(
    (entry): RateLimitSnapshot => ({
      limitId: entry.metered_feature,
      limitName: entry.limit_name,
      normalModelSlug: entry.normal_model_slug ?? null,
      ...windows(entry.rate_limit),
      credits: null,
      individualLimit: null,
      spendControlReached: null,
      planType,
      rateLimitReachedType: null,
    }),
  );
  return [main, ...additional];
}

export function mapResetCreditRows(list: ResetCreditList): RateLimitResetCredit[] {
  return list.credits.map((row) => ({
    id: row.id,
    resetType: row.reset_type === "codex_rate_limits" ? "codexRateLimits" : "unknown",
    status: row.status === "available" || row.status === "redeeming" || row.status === "redeemed" ? row.status : "unknown",
    grantedAt: row.granted_at,
    expiresAt: row.expires_at ?? null,
    title: row.title ?? null,
    description: row.description ?? null,
  }));
}

/**
 * The detail list wins when it was fetched and decoded; otherwise the usage
 * payload's count only (`credits: null`), or null when it has no summary.
 */
export function resetCreditsSummary(usage: UsagePayload, list: ResetCreditList | null): RateLimitResetCreditsSummary | null {
  if (list) return { availableCount: list.available_count, credits: mapResetCreditRows(list) };
  const summary = usage.rate_limit_reset_credits;
  return summary ? { availableCount: summary.available_count, credits: null } : null;
}

/** The local identity the usage payload's `account_id` / `user_id` are matched against. */
export interface LocalIdentity {
  /** `tokens.account_id` (or the client-supplied `chatgptAccountId`). */
  accountId: string | null;
  /** `chatgpt_user_id` / `user_id` claim. */
  userId: string | null;
  isFedramp: boolean;
}

export function identityMatches(usage: UsagePayload, identity: LocalIdentity): boolean {
  return (
    !identity.isFedramp &&
    usage.account_id != null &&
    identity.accountId !== null &&
    usage.account_id === identity.accountId &&
    usage.user_id != null &&
    identity.userId !== null &&
    usage.user_id === identity.userId
  );
}

export function mapUsageResponse(
  usage: UsagePayload,
  list: ResetCreditList | null,
  identity: LocalIdentity,
): GetAccountRateLimitsResponse {
  const snapshots = snapshotsFromUsage(usage);
  const byId = new Map<string, RateLimitSnapshot>();
  for (const snapshot of snapshots) byId.set(snapshot.limitId ?? "codex", snapshot);
  const matches = identityMatches(usage, identity);
  const upsell = usage.rate_limit_upsell;
  return {
    rateLimits: snapshots.find((s) => s.limitId === "codex") ?? snapshots[0]!,
    rateLimitsByLimitId: Object.fromEntries(byId),
    ordinaryUsageAllowed: matches && usage.rate_limit ? usage.rate_limit.allowed : null,
    rateLimitResetCredits: resetCreditsSummary(usage, list),
    accountId: usage.account_id ?? null,
    rateLimitUpsell: matches && upsell !== undefined ? (upsell as JsonValue) : null,
  };
}
