// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type PermissionProfileSummary = {
  id: string;
  description?: string | null;
  allowed: boolean;
};
