// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { SortDirection } from "./SortDirection";
import type { ThreadSortKey } from "./ThreadSortKey";
import type { ThreadSourceKind } from "./ThreadSourceKind";

export type ThreadListParams = {
  cursor?: string | null;
  limit?: number | null;
  sortKey?: ThreadSortKey | null;
  sortDirection?: SortDirection | null;
  modelProviders?: Array<string> | null;
  sourceKinds?: Array<ThreadSourceKind> | null;
  archived?: boolean | null;
  cwd?: string | Array<string> | null;
  searchTerm?: string | null;
  sectionId?: string | null;
  excludedThreadIds?: Array<string> | null;
  originators?: Array<string> | null;
  useStateDbOnly?: boolean;
  currentAccountOnly?: boolean;
  ancestorThreadId?: string | null;
  attachedToThreadId?: string | null;
  includeAttachedThreads?: boolean;
  parentThreadId?: string | null;
  projectId?: string | null;
};
