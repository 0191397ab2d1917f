// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { RateLimitResetCredit } from "./RateLimitResetCredit";

export type RateLimitResetCreditsSummary = {
  availableCount: number;
  credits: Array<RateLimitResetCredit> | null;
};
