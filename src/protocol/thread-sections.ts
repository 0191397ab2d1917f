import { z } from "zod";
import { EmptyObject, Int } from "./common.js";
import { named } from "./schema-meta.js";

/** Sidebar sections threads are filed in (threadSection/*, thread/section/move). */
export const ThreadSectionAppearance = named(
  "ThreadSectionAppearance",
  z.object({ color: z.string().nullish(), icon: z.string().nullish() }),
);
export type ThreadSectionAppearance = z.infer<typeof ThreadSectionAppearance>;

export const ThreadSection = named(
  "ThreadSection",
  z.object({ id: z.string(), name: z.string(), appearance: ThreadSectionAppearance.nullable() }),
);
export type ThreadSection = z.infer<typeof ThreadSection>;

export const ThreadSectionListParams = named(
  "ThreadSectionListParams",
  z.object({ cursor: z.string().nullish(), limit: Int.nonnegative().nullish() }),
);
export const ThreadSectionListResponse = named(
  "ThreadSectionListResponse",
  z.object({ data: z.array(ThreadSection), nextCursor: z.string().nullable() }),
);

export const ThreadSectionCreateParams = named(
  "ThreadSectionCreateParams",
  z.object({ name: z.string(), appearance: ThreadSectionAppearance.nullish() }),
);
export const ThreadSectionCreateResponse = named("ThreadSectionCreateResponse", z.object({ section: ThreadSection }));

/** `appearance` omitted keeps it, `null` clears it. */
export const ThreadSectionUpdateParams = named(
  "ThreadSectionUpdateParams",
  z.object({ sectionId: z.string(), name: z.string(), appearance: ThreadSectionAppearance.nullish() }),
);
export const ThreadSectionUpdateResponse = named("ThreadSectionUpdateResponse", z.object({ section: ThreadSection }));

export const ThreadSectionDeleteParams = named("ThreadSectionDeleteParams", z.object({ sectionId: z.string() }));
export const ThreadSectionDeleteResponse = named("ThreadSectionDeleteResponse", EmptyObject);

/** `sectionId: null` takes the thread out of its section; it is required (null, not omitted). */
export const ThreadSectionMoveParams = named(
  "ThreadSectionMoveParams",
  z.object({ threadId: z.string(), sectionId: z.string().nullable(), beforeThreadId: z.string().nullish() }),
);
export type ThreadSectionMoveParams = z.infer<typeof ThreadSectionMoveParams>;
export const ThreadSectionMoveResponse = named("ThreadSectionMoveResponse", EmptyObject);

export const ThreadSectionChangedNotification = named(
  "ThreadSectionChangedNotification",
  z.object({ threadId: z.string(), sectionId: z.string().nullable() }),
);
