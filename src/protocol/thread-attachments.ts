import { z } from "zod";
import { EmptyObject, Int, JsonValue, PresentJsonValue } from "./common.js";
import { named } from "./schema-meta.js";

/** Records clients attach to threads (a pull request, an issue...), keyed by type and identity. */
export const ThreadAttachment = named(
  "ThreadAttachment",
  z.object({ id: z.string(), attachmentType: z.string(), identityKey: z.string(), payload: JsonValue, createdAt: Int }),
);
export type ThreadAttachment = z.infer<typeof ThreadAttachment>;

export const ThreadAttachmentAddOutcome = named("ThreadAttachmentAddOutcome", z.enum(["created", "existing"]));

export const ThreadAttachmentAddParams = named(
  "ThreadAttachmentAddParams",
  z.object({ threadId: z.string(), attachmentType: z.string(), identityKey: z.string(), payload: PresentJsonValue }),
);
export const ThreadAttachmentAddResponse = named(
  "ThreadAttachmentAddResponse",
  z.object({ attachment: ThreadAttachment, outcome: ThreadAttachmentAddOutcome }),
);

export const ThreadAttachmentListParams = named(
  "ThreadAttachmentListParams",
  z.object({ threadId: z.string(), cursor: z.string().nullish(), limit: Int.nonnegative().nullish() }),
);
export const ThreadAttachmentListResponse = named(
  "ThreadAttachmentListResponse",
  z.object({ data: z.array(ThreadAttachment), nextCursor: z.string().nullable() }),
);

export const ThreadAttachmentRemoveParams = named(
  "ThreadAttachmentRemoveParams",
  z.object({ threadId: z.string(), attachmentType: z.string(), identityKey: z.string() }),
);
export const ThreadAttachmentRemoveResponse = named("ThreadAttachmentRemoveResponse", EmptyObject);

export const ThreadAttachmentOwner = named("ThreadAttachmentOwner", z.object({ threadId: z.string(), archived: z.boolean() }));
export type ThreadAttachmentOwner = z.infer<typeof ThreadAttachmentOwner>;

export const ThreadAttachmentOwnerListParams = named(
  "ThreadAttachmentOwnerListParams",
  z.object({
    attachmentType: z.string(),
    identityKey: z.string(),
    archived: z.boolean().nullish(),
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
  }),
);
export const ThreadAttachmentOwnerListResponse = named(
  "ThreadAttachmentOwnerListResponse",
  z.object({ data: z.array(ThreadAttachmentOwner), nextCursor: z.string().nullable() }),
);

export const ThreadAttachmentOperation = named("ThreadAttachmentOperation", z.enum(["created", "deleted"]));

export const ThreadAttachmentUpdatedNotification = named(
  "ThreadAttachmentUpdatedNotification",
  z.object({
    threadId: z.string(),
    attachmentType: z.string(),
    identityKey: z.string(),
    attachmentId: z.string(),
    operation: ThreadAttachmentOperation,
  }),
);
