// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CollaborationModeMask } from "./CollaborationModeMask";

export type CollaborationModeListResponse = {
  data: Array<CollaborationModeMask>;
};
