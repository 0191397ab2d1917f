// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { JsonValue } from "./JsonValue";
import type { RateLimitResetCreditsSummary } from "./RateLimitResetCreditsSummary";
import type { RateLimitSnapshot } from "./RateLimitSnapshot";

export type GetAccountRateLimitsResponse = {
  rateLimits: RateLimitSnapshot;
  rateLimitsByLimitId: { [key: string]: RateLimitSnapshot } | null;
  ordinaryUsageAllowed: boolean | null;
  rateLimitResetCredits: RateLimitResetCreditsSummary | null;
  accountId: string | null;
  rateLimitUpsell: JsonValue | null;
};
