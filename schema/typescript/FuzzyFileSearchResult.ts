// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { FuzzyFileSearchMatchType } from "./FuzzyFileSearchMatchType";

export type FuzzyFileSearchResult = {
  root: string;
  path: string;
  match_type: FuzzyFileSearchMatchType;
  file_name: string;
  score: number;
  indices: Array<number> | null;
};
