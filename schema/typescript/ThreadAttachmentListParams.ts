// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadAttachmentListParams = {
  threadId: string;
  cursor?: string | null;
  limit?: number | null;
};
