// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { PermissionProfileSummary } from "./PermissionProfileSummary";

export type PermissionProfileListResponse = {
  data: Array<PermissionProfileSummary>;
  nextCursor?: string | null;
};
