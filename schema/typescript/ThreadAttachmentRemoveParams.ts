// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadAttachmentRemoveParams = {
  threadId: string;
  attachmentType: string;
  identityKey: string;
};
