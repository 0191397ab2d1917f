// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type TurnDiffUpdatedNotification = {
  threadId: string;
  turnId: string;
  diff: string;
};
