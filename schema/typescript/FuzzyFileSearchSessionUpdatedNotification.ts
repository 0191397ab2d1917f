// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { FuzzyFileSearchResult } from "./FuzzyFileSearchResult";

export type FuzzyFileSearchSessionUpdatedNotification = {
  sessionId: string;
  query: string;
  files: Array<FuzzyFileSearchResult>;
};
