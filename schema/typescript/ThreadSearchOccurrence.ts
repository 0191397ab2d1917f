// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadSearchTextRange } from "./ThreadSearchTextRange";

export type ThreadSearchOccurrence = {
  turnId: string;
  itemId: string;
  snippet: string;
  snippetMatchRange: ThreadSearchTextRange;
  turnCursor: string;
};
