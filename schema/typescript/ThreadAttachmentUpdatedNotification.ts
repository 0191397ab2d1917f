// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadAttachmentOperation } from "./ThreadAttachmentOperation";

export type ThreadAttachmentUpdatedNotification = {
  threadId: string;
  attachmentType: string;
  identityKey: string;
  attachmentId: string;
  operation: ThreadAttachmentOperation;
};
