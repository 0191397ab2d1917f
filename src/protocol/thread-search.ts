import { z } from "zod";
import { Int } from "./common.js";
import { SortDirection } from "./policy.js";
import { named } from "./schema-meta.js";
import { Thread, ThreadSourceKind } from "./thread.js";

/** UTF-16 code-unit range (what JavaScript clients index strings by). */
export const ThreadSearchTextRange = named(
  "ThreadSearchTextRange",
  z.object({ start: Int.nonnegative(), end: Int.nonnegative() }),
);

export const ThreadSearchOccurrencesParams = named(
  "ThreadSearchOccurrencesParams",
  z.object({
    threadId: z.string(),
    searchTerm: z.string(),
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
  }),
);
export type ThreadSearchOccurrencesParams = z.infer<typeof ThreadSearchOccurrencesParams>;

export const ThreadSearchOccurrence = named(
  "ThreadSearchOccurrence",
  z.object({
    turnId: z.string(),
    itemId: z.string(),
    snippet: z.string(),
    snippetMatchRange: ThreadSearchTextRange,
    /** Inclusive `thread/turns/list` cursor of the occurrence's turn. */
    turnCursor: z.string(),
  }),
);
export type ThreadSearchOccurrence = z.infer<typeof ThreadSearchOccurrence>;

export const ThreadSearchOccurrencesResponse = named(
  "ThreadSearchOccurrencesResponse",
  z.object({ data: z.array(ThreadSearchOccurrence), nextCursor: z.string().nullable() }),
);
export type ThreadSearchOccurrencesResponse = z.infer<typeof ThreadSearchOccurrencesResponse>;

export const ThreadSearchSortKey = named("ThreadSearchSortKey", z.enum(["created_at", "updated_at", "recency_at"]));

export const ThreadSearchParams = named(
  "ThreadSearchParams",
  z.object({
    searchTerm: z.string(),
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    sortKey: ThreadSearchSortKey.nullish(),
    sortDirection: SortDirection.nullish(),
    sourceKinds: z.array(ThreadSourceKind).nullish(),
    archived: z.boolean().nullish(),
    includeAttachedThreads: z.boolean().optional(),
    currentAccountOnly: z.boolean().optional(),
  }),
);
export type ThreadSearchParams = z.infer<typeof ThreadSearchParams>;

export const ThreadSearchResult = named("ThreadSearchResult", z.object({ thread: Thread, snippet: z.string() }));

export const ThreadSearchResponse = named(
  "ThreadSearchResponse",
  z.object({
    data: z.array(ThreadSearchResult),
    nextCursor: z.string().nullable(),
    backwardsCursor: z.string().nullable(),
  }),
);
export type ThreadSearchResponse = z.input<typeof ThreadSearchResponse>;
