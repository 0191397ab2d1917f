// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ConsumeAccountRateLimitResetCreditParams = {
  idempotencyKey: string;
  creditId?: string | null;
};
