// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadStatus } from "./ThreadStatus";

export type ThreadStatusChangedNotification = {
  threadId: string;
  status: ThreadStatus;
};
