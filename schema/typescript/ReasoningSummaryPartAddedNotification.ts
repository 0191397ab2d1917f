// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ReasoningSummaryPartAddedNotification = {
  threadId: string;
  turnId: string;
  itemId: string;
  summaryIndex: number;
};
