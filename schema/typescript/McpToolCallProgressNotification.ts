// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpToolCallProgressNotification = {
  threadId: string;
  turnId: string;
  itemId: string;
  message: string;
};
