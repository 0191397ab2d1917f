// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { QueuedSubmission } from "./QueuedSubmission";

export type ThreadQueueUpdateResponse = {
  queuedSubmission: QueuedSubmission;
};
