// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadMetadataGitInfoUpdateParams = {
  sha?: string | null;
  branch?: string | null;
  originUrl?: string | null;
};
