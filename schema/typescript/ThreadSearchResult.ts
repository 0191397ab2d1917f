// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { Thread } from "./Thread";

export type ThreadSearchResult = {
  thread: Thread;
  snippet: string;
};
