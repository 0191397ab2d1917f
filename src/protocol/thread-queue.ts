import { z } from "zod";
import { Int } from "./common.js";
import { UserInput } from "./item.js";
import { named } from "./schema-meta.js";
import { Turn } from "./turn.js";

/**
 * thread/queue/* (experimental): user messages waiting their turn on a
 * thread. A queued submission starts a turn of its own when the thread is
 * free; the list is the thread's pending submissions in dispatch order.
 */

const Metadata = z.record(z.string());

export const QueuedSubmission = named(
  "QueuedSubmission",
  z.object({
    id: z.string(),
    input: z.array(UserInput),
    clientUserMessageId: z.string(),
    responsesapiClientMetadata: Metadata.nullable(),
  }),
);
export type QueuedSubmission = z.infer<typeof QueuedSubmission>;

export const ThreadQueueAddParams = named(
  "ThreadQueueAddParams",
  z.object({
    threadId: z.string(),
    clientUserMessageId: z.string(),
    input: z.array(UserInput),
    responsesapiClientMetadata: Metadata.nullish(),
  }),
);
export type ThreadQueueAddParams = z.infer<typeof ThreadQueueAddParams>;
export const ThreadQueueAddResponse = named("ThreadQueueAddResponse", z.object({ queuedSubmission: QueuedSubmission }));

export const ThreadQueueListParams = named(
  "ThreadQueueListParams",
  z.object({
    threadId: z.string(),
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
  }),
);
export type ThreadQueueListParams = z.infer<typeof ThreadQueueListParams>;
export const ThreadQueueListResponse = named(
  "ThreadQueueListResponse",
  z.object({ data: z.array(QueuedSubmission), nextCursor: z.string().nullable() }),
);

export const ThreadQueueUpdateParams = named(
  "ThreadQueueUpdateParams",
  z.object({
    threadId: z.string(),
    queuedSubmissionId: z.string(),
    input: z.array(UserInput),
    responsesapiClientMetadata: Metadata.nullish(),
  }),
);
export type ThreadQueueUpdateParams = z.infer<typeof ThreadQueueUpdateParams>;
export const ThreadQueueUpdateResponse = named("ThreadQueueUpdateResponse", z.object({ queuedSubmission: QueuedSubmission }));

export const ThreadQueueDeleteParams = named(
  "ThreadQueueDeleteParams",
  z.object({ threadId: z.string(), queuedSubmissionId: z.string() }),
);
export const ThreadQueueDeleteResponse = named("ThreadQueueDeleteResponse", z.object({ deleted: z.boolean() }));

export const ThreadQueueReorderParams = named(
  "ThreadQueueReorderParams",
  z.object({ threadId: z.string(), queuedSubmissionIds: z.array(z.string()) }),
);
export const ThreadQueueReorderResponse = named("ThreadQueueReorderResponse", z.object({}));

export const ThreadQueueStartParams = named(
  "ThreadQueueStartParams",
  z.object({ threadId: z.string(), queuedSubmissionId: z.string().nullish() }),
);
export const ThreadQueueStartResponse = named("ThreadQueueStartResponse", z.object({ turn: Turn }));

export const ThreadQueueChangedNotification = named("ThreadQueueChangedNotification", z.object({ threadId: z.string() }));
