// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { SortDirection } from "./SortDirection";
import type { ThreadSearchSortKey } from "./ThreadSearchSortKey";
import type { ThreadSourceKind } from "./ThreadSourceKind";

export type ThreadSearchParams = {
  searchTerm: string;
  cursor?: string | null;
  limit?: number | null;
  sortKey?: ThreadSearchSortKey | null;
  sortDirection?: SortDirection | null;
  sourceKinds?: Array<ThreadSourceKind> | null;
  archived?: boolean | null;
  includeAttachedThreads?: boolean;
  currentAccountOnly?: boolean;
};
