// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type FeedbackSaveResponse = {
  savedPath: string;
  threadId: string;
  promptHash: string | null;
};
