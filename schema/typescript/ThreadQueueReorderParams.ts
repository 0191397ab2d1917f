// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadQueueReorderParams = {
  threadId: string;
  queuedSubmissionIds: Array<string>;
};
