// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadSearchOccurrence } from "./ThreadSearchOccurrence";

export type ThreadSearchOccurrencesResponse = {
  data: Array<ThreadSearchOccurrence>;
  nextCursor: string | null;
};
