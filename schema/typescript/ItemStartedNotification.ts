// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadItem } from "./ThreadItem";

export type ItemStartedNotification = {
  item: ThreadItem;
  threadId: string;
  turnId: string;
  startedAtMs: number;
};
