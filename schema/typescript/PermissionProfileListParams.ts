// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PermissionProfileListParams = {
  cursor?: string | null;
  cwd?: string | null;
  limit?: number | null;
};
