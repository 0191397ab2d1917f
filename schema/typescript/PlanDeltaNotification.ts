// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PlanDeltaNotification = {
  threadId: string;
  turnId: string;
  itemId: string;
  delta: string;
};
