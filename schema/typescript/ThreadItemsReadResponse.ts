// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadItemEntry } from "./ThreadItemEntry";

export type ThreadItemsReadResponse = {
  data: Array<ThreadItemEntry>;
};
