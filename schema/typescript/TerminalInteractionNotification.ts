// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type TerminalInteractionNotification = {
  threadId: string;
  turnId: string;
  itemId: string;
  processId: string;
  stdin: string;
};
