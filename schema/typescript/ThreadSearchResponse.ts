// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadSearchResult } from "./ThreadSearchResult";

export type ThreadSearchResponse = {
  data: Array<ThreadSearchResult>;
  nextCursor: string | null;
  backwardsCursor: string | null;
};
