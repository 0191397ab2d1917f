// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadAttachmentOwnerListParams = {
  attachmentType: string;
  identityKey: string;
  archived?: boolean | null;
  cursor?: string | null;
  limit?: number | null;
};
