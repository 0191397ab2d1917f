// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadAttachment } from "./ThreadAttachment";

export type ThreadAttachmentListResponse = {
  data: Array<ThreadAttachment>;
  nextCursor: string | null;
};
