// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { SortDirection } from "./SortDirection";
import type { ThreadItemsListCursor } from "./ThreadItemsListCursor";

export type ThreadItemsListParams = {
  threadId: string;
  turnId?: string | null;
  cursor?: ThreadItemsListCursor | null;
  limit?: number | null;
  sortDirection?: SortDirection | null;
  deferOutput?: {
    commandExecution?: boolean;
    mcpToolCall?: boolean;
  } | null;
};
