// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ExperimentalFeatureListParams = {
  cursor?: string | null;
  limit?: number | null;
  threadId?: string | null;
};
