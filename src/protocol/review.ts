import { z } from "zod";
import { Turn } from "./turn.js";
import { named } from "./schema-meta.js";

/** What a review looks at. */
export const ReviewTarget = named(
  "ReviewTarget",
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("uncommittedChanges") }),
    z.object({ type: z.literal("baseBranch"), branch: z.string() }),
    z.object({ type: z.literal("commit"), sha: z.string(), title: z.string().nullish() }),
    z.object({ type: z.literal("custom"), instructions: z.string() }),
  ]),
);
export type ReviewTarget = z.infer<typeof ReviewTarget>;

/**
 * `inline` runs the review on the given thread. `detached` (this server's
 * extension; 0.169 accepts only `inline`) forks the thread first and runs the
 * review on the fork, as earlier releases did.
 */
export const ReviewDelivery = named("ReviewDelivery", z.enum(["inline", "detached"]));
export type ReviewDelivery = z.infer<typeof ReviewDelivery>;

export const ReviewStartParams = named(
  "ReviewStartParams",
  z.object({ threadId: z.string(), target: ReviewTarget, delivery: ReviewDelivery.nullish() }),
);
export type ReviewStartParams = z.infer<typeof ReviewStartParams>;

export const ReviewStartResponse = named(
  "ReviewStartResponse",
  z.object({ turn: Turn, reviewThreadId: z.string() }),
);
export type ReviewStartResponse = z.infer<typeof ReviewStartResponse>;
