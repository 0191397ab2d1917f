// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type FeedbackUploadParams = {
  classification: string;
  reason?: string | null;
  threadId?: string | null;
  includeLogs?: boolean;
  extraLogFiles?: Array<string> | null;
  tags?: { [key: string]: string } | null;
};
