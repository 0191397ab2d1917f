// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadQueueStartParams = {
  threadId: string;
  queuedSubmissionId?: string | null;
};
