import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

/** `fuzzyFileSearch`: one search; a newer request with the same `cancellationToken` cancels it. */
export const FuzzyFileSearchParams = named(
  "FuzzyFileSearchParams",
  z.object({ query: z.string(), roots: z.array(z.string()), cancellationToken: z.string().nullish() }),
);
export type FuzzyFileSearchParams = z.infer<typeof FuzzyFileSearchParams>;

export const FuzzyFileSearchMatchType = named("FuzzyFileSearchMatchType", z.enum(["file", "directory"]));
export type FuzzyFileSearchMatchType = z.infer<typeof FuzzyFileSearchMatchType>;

/** Field names are snake_case on the wire, as the reference has them. */
export const FuzzyFileSearchResult = named(
  "FuzzyFileSearchResult",
  z.object({
    root: z.string(),
    path: z.string(),
    match_type: FuzzyFileSearchMatchType,
    file_name: z.string(),
    score: Int.min(0),
    indices: z.array(Int.min(0)).nullable(),
  }),
);
export type FuzzyFileSearchResult = z.infer<typeof FuzzyFileSearchResult>;

export const FuzzyFileSearchResponse = named(
  "FuzzyFileSearchResponse",
  z.object({ files: z.array(FuzzyFileSearchResult) }),
);
export type FuzzyFileSearchResponse = z.infer<typeof FuzzyFileSearchResponse>;

export const FuzzyFileSearchSessionStartParams = named(
  "FuzzyFileSearchSessionStartParams",
  z.object({ sessionId: z.string(), roots: z.array(z.string()) }),
);
export type FuzzyFileSearchSessionStartParams = z.infer<typeof FuzzyFileSearchSessionStartParams>;
export const FuzzyFileSearchSessionStartResponse = named("FuzzyFileSearchSessionStartResponse", z.object({}));

export const FuzzyFileSearchSessionUpdateParams = named(
  "FuzzyFileSearchSessionUpdateParams",
  z.object({ sessionId: z.string(), query: z.string() }),
);
export type FuzzyFileSearchSessionUpdateParams = z.infer<typeof FuzzyFileSearchSessionUpdateParams>;
export const FuzzyFileSearchSessionUpdateResponse = named("FuzzyFileSearchSessionUpdateResponse", z.object({}));

export const FuzzyFileSearchSessionStopParams = named(
  "FuzzyFileSearchSessionStopParams",
  z.object({ sessionId: z.string() }),
);
export type FuzzyFileSearchSessionStopParams = z.infer<typeof FuzzyFileSearchSessionStopParams>;
export const FuzzyFileSearchSessionStopResponse = named("FuzzyFileSearchSessionStopResponse", z.object({}));

/** The current top matches for `query` (a replacement of the list, not a patch). */
export const FuzzyFileSearchSessionUpdatedNotification = named(
  "FuzzyFileSearchSessionUpdatedNotification",
  z.object({ sessionId: z.string(), query: z.string(), files: z.array(FuzzyFileSearchResult) }),
);
export type FuzzyFileSearchSessionUpdatedNotification = z.infer<typeof FuzzyFileSearchSessionUpdatedNotification>;

export const FuzzyFileSearchSessionCompletedNotification = named(
  "FuzzyFileSearchSessionCompletedNotification",
  z.object({ sessionId: z.string() }),
);
