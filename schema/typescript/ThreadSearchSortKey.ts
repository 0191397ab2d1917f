// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadSearchSortKey = "created_at" | "updated_at" | "recency_at";
