// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadQueueListParams = {
  threadId: string;
  cursor?: string | null;
  limit?: number | null;
};
