// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SpendControlLimitSnapshot = {
  limit: string;
  used: string;
  remainingPercent: number;
  resetsAt: number;
};
