// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { RateLimitSnapshot } from "./RateLimitSnapshot";

export type AccountRateLimitsUpdatedNotification = {
  rateLimits: RateLimitSnapshot;
};
