// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type TurnModerationMetadataNotification = {
  threadId: string;
  turnId: string;
  metadata: unknown;
};
