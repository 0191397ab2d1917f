// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadAttachmentAddParams = {
  threadId: string;
  attachmentType: string;
  identityKey: string;
  payload: unknown;
};
