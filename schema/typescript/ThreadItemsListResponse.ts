// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadItemEntry } from "./ThreadItemEntry";

export type ThreadItemsListResponse = {
  data: Array<ThreadItemEntry>;
  nextCursor: string | null;
  backwardsCursor: string | null;
};
