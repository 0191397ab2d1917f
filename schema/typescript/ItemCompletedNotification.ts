// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadItem } from "./ThreadItem";

export type ItemCompletedNotification = {
  item: ThreadItem;
  threadId: string;
  turnId: string;
  completedAtMs: number;
  contentTokenCount?: number | null;
};
